/* port_filter: drop UDP datagrams to one port (9999 unless changed before load), pass the rest.
 *
 * Counts every verdict in `verdicts` and every IP protocol seen in `protocols`. The port is a
 * `const volatile` global: set it before loading (spec.constants["blocked_port"] = 53).
 *
 *   ebpy xdp port_filter.o --pcap traffic.pcap --out passed.pcap
 *   ebpy xdp port_filter.o --iface veth0 --peer veth1
 */
#include <ebpy/xdp.h>

const volatile __u16 blocked_port = 9999;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, __u8);
	__type(value, __u64);
} protocols SEC(".maps");

static __always_inline int verdict(__u32 action)
{
	__u64 *n = bpf_map_lookup_elem(&verdicts, &action);

	if (n)
		__sync_fetch_and_add(n, 1);
	return action;
}

static __always_inline void count_protocol(__u8 proto)
{
	__u64 one = 1, *n = bpf_map_lookup_elem(&protocols, &proto);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&protocols, &proto, &one, BPF_NOEXIST);
}

SEC("xdp")
int port_filter(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct udphdr *udp;

	if ((void *)(eth + 1) > data_end)
		return verdict(XDP_DROP);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return verdict(XDP_PASS);
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl < 5)
		return verdict(XDP_DROP);
	count_protocol(ip->protocol);
	if (ip->protocol != IPPROTO_UDP)
		return verdict(XDP_PASS);
	udp = (void *)ip + ip->ihl * 4;
	if ((void *)(udp + 1) > data_end)
		return verdict(XDP_DROP);
	if (udp->dest == bpf_htons(blocked_port))
		return verdict(XDP_DROP);
	return verdict(XDP_PASS);
}

char _license[] SEC("license") = "GPL";
