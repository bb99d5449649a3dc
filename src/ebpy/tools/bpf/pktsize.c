/* SPDX-License-Identifier: Apache-2.0 */
/*
 * pktsize: a log2 histogram of frame sizes per IP protocol, from XDP (every frame passes).
 * Runs attached to an interface (`ebpy tool pktsize --iface eth0`) or over a capture with
 * ebpy's packet hook (`ebpy tool pktsize --pcap traffic.pcap`).
 */
#include <ebpy/xdp.h>

struct size_key {
	__u32 proto; /* IPPROTO_* of IPv4/IPv6 frames; 0 for other frames */
	__u32 slot;  /* floor(log2(size)); sizes 0 and 1 in slot 0 */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct size_key);
	__type(value, __u64);
} sizes SEC(".maps");

char _license[] SEC("license") = "GPL";

static __always_inline __u32 log2_slot(__u64 v)
{
	__u32 slot = 0;

	while (v > 1 && slot < 63) {
		v >>= 1;
		slot++;
	}
	return slot;
}

static __always_inline __u32 ip_proto(void *data, void *end)
{
	struct ethhdr *eth = data;
	__u16 proto;
	void *l3;

	if ((void *)(eth + 1) > end)
		return 0;
	proto = eth->h_proto;
	l3 = eth + 1;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr *vlan = l3;

		if ((void *)(vlan + 1) > end)
			return 0;
		proto = vlan->h_vlan_encapsulated_proto;
		l3 = vlan + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;

		if ((void *)(ip + 1) > end)
			return 0;
		return ip->protocol;
	}
	if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;

		if ((void *)(ip6 + 1) > end)
			return 0;
		return ip6->nexthdr;
	}
	return 0;
}

SEC("xdp")
int pktsize(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct size_key key = {
		.proto = ip_proto(data, end),
		.slot = log2_slot(end - data),
	};
	__u64 one = 1, *count = bpf_map_lookup_elem(&sizes, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	else if (bpf_map_update_elem(&sizes, &key, &one, BPF_NOEXIST)) {
		count = bpf_map_lookup_elem(&sizes, &key);
		if (count)
			__sync_fetch_and_add(count, 1);
	}
	return XDP_PASS;
}
