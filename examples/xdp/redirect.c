/* redirect: choose the egress interface from a devmap.
 *
 * `egress` maps the interface a frame came in on (its ifindex) to the devmap key to send it
 * to; frames with no entry pass. UDP frames to port 7 (echo) are sent back (XDP_TX).
 */
#include <ebpy/xdp.h>

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u32);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
} egress SEC(".maps");

SEC("xdp")
int redirect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;
	__u32 in = ctx->ingress_ifindex, *slot;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		ip = (void *)(eth + 1);
		if ((void *)(ip + 1) > data_end)
			return XDP_DROP;
		udp = (void *)(ip + 1);
		if (ip->ihl == 5 && ip->protocol == IPPROTO_UDP && (void *)(udp + 1) <= data_end &&
		    udp->dest == bpf_htons(7))
			return XDP_TX;
	}
	slot = bpf_map_lookup_elem(&egress, &in);
	if (!slot)
		return XDP_PASS;
	return bpf_redirect_map(&ports, *slot, XDP_PASS);
}

char _license[] SEC("license") = "GPL";
