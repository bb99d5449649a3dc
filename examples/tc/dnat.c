/* dnat: destination NAT for IPv4 TCP and UDP, as a tc classifier.
 *
 * The `nat` map says where traffic for an (address, port, protocol) goes instead. A matching
 * packet gets the new destination address and port, and both checksums are updated
 * incrementally by the kernel's helpers: bpf_l3_csum_replace for the IP header, and
 * bpf_l4_csum_replace for TCP/UDP, whose checksum also covers the address through the
 * pseudo-header (BPF_F_PSEUDO_HDR). A UDP datagram sent without a checksum (0) keeps none
 * (BPF_F_MARK_MANGLED_0). Every packet goes on (TC_ACT_OK); `rewritten` counts the NATed ones.
 *
 *     ebpy run dnat.o --engine interp --data-in frame.bin
 *     tc filter add dev eth0 ingress bpf direct-action obj dnat.o sec tc
 */
#include <ebpy/skb.h>

struct nat_key {
	__be32 addr;
	__be16 port;
	__u8 proto;
	__u8 pad;
};

struct nat_target {
	__be32 addr;
	__be16 port;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct nat_key);
	__type(value, struct nat_target);
} nat SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} rewritten SEC(".maps");

#define IP_CHECK (ETH_HLEN + __builtin_offsetof(struct iphdr, check))
#define IP_DADDR (ETH_HLEN + __builtin_offsetof(struct iphdr, daddr))
#define L4_OFF (ETH_HLEN + sizeof(struct iphdr))

SEC("tc") int dnat(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct nat_key key = {};
	__be16 ports[2]; /* source, destination */

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) || ip->ihl != 5)
		return TC_ACT_OK;
	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return TC_ACT_OK;
	if (bpf_skb_load_bytes(skb, L4_OFF, ports, sizeof(ports)))
		return TC_ACT_OK;
	key.addr = ip->daddr;
	key.port = ports[1];
	key.proto = ip->protocol;

	struct nat_target *to = bpf_map_lookup_elem(&nat, &key);
	if (!to)
		return TC_ACT_OK;

	/* From here on the helpers may move the packet: no more reads through `ip`. */
	__u32 csum = L4_OFF + (key.proto == IPPROTO_TCP ? __builtin_offsetof(struct tcphdr, check)
							: __builtin_offsetof(struct udphdr, check));
	__u64 mangled = key.proto == IPPROTO_UDP ? BPF_F_MARK_MANGLED_0 : 0;
	__be32 new_addr = to->addr;
	__be16 new_port = to->port;

	bpf_l4_csum_replace(skb, csum, key.addr, new_addr,
			    BPF_F_PSEUDO_HDR | mangled | sizeof(new_addr));
	bpf_l3_csum_replace(skb, IP_CHECK, key.addr, new_addr, sizeof(new_addr));
	bpf_skb_store_bytes(skb, IP_DADDR, &new_addr, sizeof(new_addr), 0);

	bpf_l4_csum_replace(skb, csum, key.port, new_port, mangled | sizeof(new_port));
	bpf_skb_store_bytes(skb, L4_OFF + 2, &new_port, sizeof(new_port), 0);

	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&rewritten, &zero);
	if (n)
		__sync_fetch_and_add(n, 1);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
