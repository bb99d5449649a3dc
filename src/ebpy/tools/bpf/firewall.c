/* SPDX-License-Identifier: Apache-2.0 */
/*
 * firewall: XDP dropping frames whose IPv4/IPv6 source address is in a blocklist of prefixes
 * (LPM tries), counting what each prefix dropped and every verdict. The maps are pinned by
 * name, so `ebpy tool firewall --block/--unblock` manages a firewall already running on an
 * interface; over a capture it runs in userspace (`--pcap`).
 */
#include <ebpy/xdp.h>

#ifndef LIBBPF_PIN_BY_NAME
#define LIBBPF_PIN_NONE 0
#define LIBBPF_PIN_BY_NAME 1
#endif

struct lpm4 {
	__u32 prefixlen;
	__u8 addr[4];
};

struct lpm6 {
	__u32 prefixlen;
	__u8 addr[16];
};

struct rule_stats {
	__u64 packets; /* frames this prefix dropped */
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm4);
	__type(value, struct rule_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} blocklist4 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LPM_TRIE);
	__uint(max_entries, 16384);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, struct lpm6);
	__type(value, struct rule_stats);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} blocklist6 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 5);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} verdicts SEC(".maps");

char _license[] SEC("license") = "GPL";

static __always_inline int verdict(__u32 action)
{
	__u64 *count = bpf_map_lookup_elem(&verdicts, &action);

	if (count)
		*count += 1; /* per CPU: no atomics needed */
	return action;
}

static __always_inline int drop(struct rule_stats *stats, __u64 len)
{
	__sync_fetch_and_add(&stats->packets, 1);
	__sync_fetch_and_add(&stats->bytes, len);
	return verdict(XDP_DROP);
}

SEC("xdp")
int firewall(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct rule_stats *stats;
	__u16 proto;
	void *l3;

	if ((void *)(eth + 1) > end)
		return verdict(XDP_PASS);
	proto = eth->h_proto;
	l3 = eth + 1;
	if (proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD)) {
		struct vlan_hdr *vlan = l3;

		if ((void *)(vlan + 1) > end)
			return verdict(XDP_PASS);
		proto = vlan->h_vlan_encapsulated_proto;
		l3 = vlan + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = l3;
		struct lpm4 key = { .prefixlen = 32 };

		if ((void *)(ip + 1) > end)
			return verdict(XDP_PASS);
		__builtin_memcpy(key.addr, &ip->saddr, 4);
		stats = bpf_map_lookup_elem(&blocklist4, &key);
		if (stats)
			return drop(stats, end - data);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = l3;
		struct lpm6 key = { .prefixlen = 128 };

		if ((void *)(ip6 + 1) > end)
			return verdict(XDP_PASS);
		__builtin_memcpy(key.addr, &ip6->saddr, 16);
		stats = bpf_map_lookup_elem(&blocklist6, &key);
		if (stats)
			return drop(stats, end - data);
	}
	return verdict(XDP_PASS);
}
