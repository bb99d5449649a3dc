/* vlan_pop: strip an 802.1Q tag with bpf_xdp_adjust_head, and trim padding with
 * bpf_xdp_adjust_tail.
 *
 * A tagged frame loses its 4-byte tag (the MAC addresses move 4 bytes on, then the head
 * follows them); the VLAN id is counted in `vlans`. An IPv4 frame longer than its IP packet
 * (Ethernet padding) is trimmed to the IP total length. Everything else passes unchanged.
 */
#include <ebpy/xdp.h>

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, __u16);
	__type(value, __u64);
} vlans SEC(".maps");

SEC("xdp")
int vlan_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct vlan_hdr *vlan;
	struct iphdr *ip;
	__u8 macs[2 * ETH_ALEN];
	__u16 vid;
	__u64 one = 1, *n;
	int excess;

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	if (eth->h_proto == bpf_htons(ETH_P_8021Q)) {
		vlan = (void *)(eth + 1);
		if ((void *)(vlan + 1) > data_end)
			return XDP_DROP;
		vid = bpf_ntohs(vlan->h_vlan_TCI) & 0x0fff;
		n = bpf_map_lookup_elem(&vlans, &vid);
		if (n)
			__sync_fetch_and_add(n, 1);
		else
			bpf_map_update_elem(&vlans, &vid, &one, BPF_NOEXIST);
		/* dst and src MAC move forward over the tag; the inner type stays in place */
		__builtin_memcpy(macs, eth, sizeof(macs));
		__builtin_memcpy((void *)eth + 4, macs, sizeof(macs));
		if (bpf_xdp_adjust_head(ctx, 4))
			return XDP_ABORTED;
		data = (void *)(long)ctx->data;
		data_end = (void *)(long)ctx->data_end;
		eth = data;
		if ((void *)(eth + 1) > data_end)
			return XDP_DROP;
	}
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end)
		return XDP_DROP;
	excess = (int)(data_end - data) - ETH_HLEN - bpf_ntohs(ip->tot_len);
	if (excess > 0 && excess < 64 && bpf_xdp_adjust_tail(ctx, -excess))
		return XDP_ABORTED;
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
