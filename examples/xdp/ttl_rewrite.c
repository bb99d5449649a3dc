/* ttl_rewrite: rewrite packets in place. Every IPv4 packet leaves with its TTL lowered by one
 * (the header checksum updated incrementally, RFC 1624); a packet whose TTL would reach zero
 * is dropped, as a router does. ICMP echo requests are answered: the frame goes back out
 * (XDP_TX) with its Ethernet and IP addresses swapped and the type turned into a reply.
 */
#include <ebpy/xdp.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
} verdicts SEC(".maps");

static __always_inline int verdict(__u32 action)
{
	__u64 *n = bpf_map_lookup_elem(&verdicts, &action);

	if (n)
		__sync_fetch_and_add(n, 1);
	return action;
}

static __always_inline void swap_mac(struct ethhdr *eth)
{
	__u8 tmp[ETH_ALEN];

	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
}

SEC("xdp")
int ttl_rewrite(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data;
	void *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip;
	struct icmphdr *icmp;
	__be16 old, new;
	__be32 addr;

	if ((void *)(eth + 1) > data_end)
		return verdict(XDP_DROP);
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return verdict(XDP_PASS);
	ip = (void *)(eth + 1);
	if ((void *)(ip + 1) > data_end || ip->ihl != 5)
		return verdict(XDP_PASS);
	if (ip->protocol == IPPROTO_ICMP) {
		icmp = (void *)(ip + 1);
		if ((void *)(icmp + 1) > data_end)
			return verdict(XDP_DROP);
		if (icmp->type == ICMP_ECHO && icmp->code == 0) {
			swap_mac(eth);
			addr = ip->saddr;
			ip->saddr = ip->daddr;
			ip->daddr = addr;
			/* type 8 -> 0: the checksum word holding type and code changes */
			icmp->checksum = ebpy_csum_replace2(icmp->checksum, bpf_htons(ICMP_ECHO << 8),
							    bpf_htons(ICMP_ECHOREPLY << 8));
			icmp->type = ICMP_ECHOREPLY;
			return verdict(XDP_TX);
		}
	}
	if (ip->ttl <= 1)
		return verdict(XDP_DROP);
	/* TTL shares a 16-bit checksum word with the protocol */
	old = *(__be16 *)&ip->ttl;
	ip->ttl -= 1;
	new = *(__be16 *)&ip->ttl;
	ip->check = ebpy_csum_replace2(ip->check, old, new);
	return verdict(XDP_PASS);
}

char _license[] SEC("license") = "GPL";
