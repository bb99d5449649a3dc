/* Shared by the differential test programs: ebpy's shipped headers, the __sk_buff context of
 * skb program types, and an output cursor that appends results to the packet (every result a
 * program computes ends up in bytes all three engines must agree on). */
#ifndef EBPY_DIFF_H
#define EBPY_DIFF_H
#include <ebpy/xdp.h>

#ifndef __ulong /* a 64-bit map attribute (map_extra), as libbpf spells it */
#define ___diff_concat(a, b) a##b
#define ___diff_apply(fn, n) ___diff_concat(fn, n)
#define __ulong(name, val) enum { ___diff_apply(__unique_value, __COUNTER__) = val } name
#endif

struct __sk_buff {
	__u32 len, pkt_type, mark, queue_mapping, protocol, vlan_present, vlan_tci, vlan_proto;
	__u32 priority, ingress_ifindex, ifindex, tc_index, cb[5], hash, tc_classid;
	__u32 data, data_end, napi_id, family, remote_ip4, local_ip4;
	__u32 remote_ip6[4], local_ip6[4];
	__u32 remote_port, local_port, data_meta;
	__u64 flow_keys;
	__u64 tstamp;
	__u32 wire_len, gso_segs;
	__u64 sk;
	__u32 gso_size;
	__u8 tstamp_type;
	__u32 :24;
	__u64 hwtstamp;
};

enum { TC_ACT_OK = 0, TC_ACT_SHOT = 2 };
static long (*bpf_skb_store_bytes)(struct __sk_buff *skb, __u32 offset, const void *from, __u32 len, __u64 flags) = (void *)9;
static long (*bpf_skb_load_bytes)(const struct __sk_buff *skb, __u32 offset, void *to, __u32 len) = (void *)26;

/* Results go to the packet from byte OUT on: out(ctx-derived data, data_end, index, value). */
#define OUT 64
#define OUT_WORDS 32 /* a power of two: the index is masked with OUT_WORDS - 1 */
static __always_inline void put(void *data, void *end, __u32 i, __u64 v)
{
	__u64 *slot = (__u64 *)((char *)data + OUT) + (i & (OUT_WORDS - 1));
	if ((void *)(slot + 1) <= end)
		*slot = v;
}
#endif
