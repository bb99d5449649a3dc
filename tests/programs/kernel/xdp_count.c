/* XDP on a veth: count IPv4 packets by protocol; drop UDP to the port Python sets. */
#include "kernel/kernel_helpers.h"

struct ethhdr { __u8 h_dest[6]; __u8 h_source[6]; __u16 h_proto; };
struct iphdr { __u8 ihl_version; __u8 tos; __u16 tot_len; __u16 id; __u16 frag_off; __u8 ttl;
	__u8 protocol; __u16 check; __u32 saddr; __u32 daddr; };
struct udphdr { __u16 source; __u16 dest; __u16 len; __u16 check; };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} by_proto SEC(".maps");

__u16 drop_port; /* host order; 0 drops nothing */
__u64 dropped;

SEC("xdp") int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	if ((void *)(eth + 1) > end || eth->h_proto != __builtin_bswap16(0x0800))
		return XDP_PASS;
	struct iphdr *ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > end)
		return XDP_PASS;
	__u32 proto = ip->protocol;
	__u64 *c = bpf_map_lookup_elem(&by_proto, &proto);
	if (c)
		__sync_fetch_and_add(c, 1);
	if (proto == 17 && (ip->ihl_version & 0xf) == 5) {
		struct udphdr *udp = (void *)(ip + 1);
		if ((void *)(udp + 1) > end)
			return XDP_PASS;
		if (drop_port && udp->dest == __builtin_bswap16(drop_port)) {
			dropped++;
			return XDP_DROP;
		}
	}
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
