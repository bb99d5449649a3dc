/* Every map type the kernel and ebpy both have, driven by the packet: byte 0 picks a round,
 * the next bytes give keys and values. Results (lookups, errors, popped values) go to the
 * packet; the maps' contents are compared after the runs. */
#include "diff.h"

struct lpm_key { __u32 prefixlen; __u8 addr[4]; };

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } arr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } pcpu_arr SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } pcpu_hash SEC(".maps");
/* Far fewer live entries than max_entries: the kernel hands each CPU a batch of free nodes
 * and evicts when a CPU finds none, so a small LRU map could evict before it is full. */
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 512); __type(key, __u32); __type(value, __u64); } lru SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH); __uint(max_entries, 512); __type(key, __u32); __type(value, __u64); } lru_pcpu SEC(".maps");
/* Devices for bpf_redirect_map: slots filled from Python with the loopback device. */
struct { __uint(type, BPF_MAP_TYPE_DEVMAP); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } devs SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_DEVMAP_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } devs_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __uint(max_entries, 16); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, struct lpm_key); __type(value, __u32); } lpm SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(max_entries, 4); __type(value, __u32); } queue SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __uint(max_entries, 4); __type(value, __u32); } stack SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __uint(max_entries, 32); __uint(map_flags, BPF_F_ZERO_SEED); __type(value, __u32); __ulong(map_extra, 3); } bloom SEC(".maps");

struct inner_array { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); };
struct inner_array inner_a SEC(".maps"), inner_b SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_arr SEC(".maps") = { .values = { [0] = &inner_b, [2] = &inner_a } };
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} outer_hash SEC(".maps") = { .values = { [1] = &inner_a, [3] = &inner_b } };

SEC("xdp") int maps_all(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 *in = data;
	if ((void *)(in + 8) > end)
		return XDP_ABORTED;
	__u32 k = in[1] & 15, v32 = in[2];
	__u64 v = ((__u64)in[3] << 32) | in[2], *p;
	__u32 idx = 0;

	/* arrays: one slot written, one added to, one read; out-of-range keys fail */
	__u32 ak = k & 7;
	put(data, end, idx++, bpf_map_update_elem(&arr, &ak, &v, BPF_ANY));
	ak = k + 4;
	put(data, end, idx++, bpf_map_update_elem(&arr, &ak, &v, BPF_ANY));
	put(data, end, idx++, bpf_map_update_elem(&arr, &ak, &v, BPF_NOEXIST));
	p = bpf_map_lookup_elem(&arr, &ak);
	put(data, end, idx++, p ? *p : 0xdead);
	__u32 pk = k & 3;
	p = bpf_map_lookup_elem(&pcpu_arr, &pk);
	if (p)
		*p += v32;
	put(data, end, idx++, p ? *p : 0xdead);

	/* hashes: insert, insert-only fails on the second round, delete every other key */
	put(data, end, idx++, bpf_map_update_elem(&hash, &k, &v, BPF_NOEXIST));
	put(data, end, idx++, bpf_map_update_elem(&hash, &k, &v, BPF_EXIST));
	if (in[4] & 1)
		put(data, end, idx++, bpf_map_delete_elem(&hash, &k));
	else
		idx++;
	__u32 missing = 99;
	put(data, end, idx++, bpf_map_delete_elem(&hash, &missing));
	p = bpf_map_lookup_elem(&pcpu_hash, &k);
	if (p)
		*p += 1;
	else
		put(data, end, idx, bpf_map_update_elem(&pcpu_hash, &k, &v, BPF_ANY));
	idx++;
	p = bpf_map_lookup_elem(&lru, &k);
	put(data, end, idx++, p ? *p : 0xdead);
	put(data, end, idx++, bpf_map_update_elem(&lru, &k, &v, BPF_ANY));

	p = bpf_map_lookup_elem(&lru_pcpu, &k);
	if (p)
		*p += v32;
	else
		bpf_map_update_elem(&lru_pcpu, &k, &v, BPF_NOEXIST);
	put(data, end, 28, p ? *p : 0xdead);

	/* redirect_map: XDP_REDIRECT for a filled slot, the flags' action for an empty one */
	put(data, end, 29, bpf_redirect_map(&devs, k & 3, XDP_PASS));
	put(data, end, 30, bpf_redirect_map(&devs_hash, k & 7, XDP_DROP));

	/* LPM: longest prefix of the address in bytes 20..23 (entries set from Python) */
	struct lpm_key lk = { 32, {} };
	__builtin_memcpy(lk.addr, &in[5], 4);
	__u32 *lv = bpf_map_lookup_elem(&lpm, &lk);
	put(data, end, idx++, lv ? *lv : 0xdead);

	/* queue and stack: push until full, pop one, peek */
	put(data, end, idx++, bpf_map_push_elem(&queue, &v32, 0));
	put(data, end, idx++, bpf_map_push_elem(&stack, &v32, 0));
	__u32 got = 0;
	put(data, end, idx++, bpf_map_peek_elem(&queue, &got));
	put(data, end, idx++, got);
	if (in[4] & 2) {
		put(data, end, idx++, bpf_map_pop_elem(&stack, &got));
		put(data, end, idx++, got);
	} else {
		idx += 2;
	}

	/* bloom filter: add the value, ask for it and for another */
	put(data, end, idx++, bpf_map_push_elem(&bloom, &v32, 0));
	put(data, end, idx++, bpf_map_peek_elem(&bloom, &v32));
	__u32 other = v32 ^ 0x5a5a5a5a;
	put(data, end, idx++, bpf_map_peek_elem(&bloom, &other) == 0);

	/* maps in maps: write through the inner map an outer slot names */
	__u32 ok = k & 3, ik = k & 3;
	void *inner = bpf_map_lookup_elem(&outer_arr, &ok);
	put(data, end, idx++, inner != 0);
	if (inner)
		bpf_map_update_elem(inner, &ik, &v, BPF_ANY);
	inner = bpf_map_lookup_elem(&outer_hash, &ok);
	put(data, end, idx++, inner != 0);
	if (inner) {
		p = bpf_map_lookup_elem(inner, &ik);
		if (p)
			*p += 7;
	}
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
