/* Subprograms three levels deep, bpf_loop with a callback, bpf_for_each_map_elem over an array
 * and a hash, and global data: a const volatile (.rodata, set before load), .data counters and a
 * .bss array. */
#include "diff.h"

const volatile __u32 multiplier = 3;
const volatile __u64 salt = 0x0123456789abcdefULL;
__u64 runs = 100;            /* .data */
__u32 seen[8];               /* .bss */
__u64 last_sum;              /* .bss */

struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } vals SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u64); } counts SEC(".maps");

static __noinline __u64 mix(__u64 x, __u64 y)
{
	x ^= y + salt;
	x *= 0x9e3779b97f4a7c15ULL;
	return x ^ (x >> 29);
}

static __noinline __u64 level2(__u64 a, __u32 b)
{
	__u64 r = mix(a, b);
	return r + (__s64)(__s32)b * multiplier;
}

static __noinline __u64 level1(__u64 a, __u64 b, __u32 c)
{
	if (c & 1)
		return level2(a, c) - b;
	return level2(b, c) + a;
}

struct loop_ctx { __u64 acc; __u32 *in; void *end; };

static long step(__u32 i, void *arg)
{
	struct loop_ctx *lc = arg;
	lc->acc = mix(lc->acc, i);
	if (i >= 5 && (lc->acc & 7) == 0)
		return 1; /* stop early */
	return 0;
}

struct walk_ctx { __u64 sum; __u32 visited; __u32 stop_at; };

/* Arrays are walked in index order: the sum may depend on it, and the walk may stop early. */
static long visit_array(void *map, __u32 *key, __u64 *value, void *arg)
{
	struct walk_ctx *w = arg;
	w->sum = w->sum * 31 + *key + *value;
	w->visited++;
	*value += 1; /* callbacks may write the values they are given */
	return w->visited >= w->stop_at;
}

/* A hash map's order is its own (the kernel seeds its hash at random), so the whole map is
 * walked and combined in an order-independent way. */
static long visit_hash(void *map, __u32 *key, __u64 *value, void *arg)
{
	struct walk_ctx *w = arg;
	w->sum += mix(*key, *value);
	w->visited++;
	*value -= 1;
	return 0;
}

SEC("xdp") int calls(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 *in = data;
	if ((void *)(in + 8) > end)
		return XDP_ABORTED;
	__u32 idx = 0;
	__u64 a = ((__u64)in[1] << 32) | in[2];
	put(data, end, idx++, level1(a, in[3], in[4]));
	put(data, end, idx++, level1(in[3], a, in[4] + 1));

	struct loop_ctx lc = { in[5], in, end };
	long n = bpf_loop(in[6] & 15, step, &lc, 0);
	put(data, end, idx++, n);
	put(data, end, idx++, lc.acc);
	put(data, end, idx++, bpf_loop(4, step, &lc, 1)); /* flags must be 0: -EINVAL */

	__u32 k = in[7] & 7;
	__u64 v = a;
	bpf_map_update_elem(&vals, &k, &v, BPF_ANY);
	bpf_map_update_elem(&counts, &k, &v, BPF_ANY);
	struct walk_ctx w = { 0, 0, 3 + (in[7] >> 8 & 7) };
	put(data, end, idx++, bpf_for_each_map_elem(&vals, visit_array, &w, 0));
	put(data, end, idx++, w.sum);
	struct walk_ctx h = { 0, 0, 0 };
	put(data, end, idx++, bpf_for_each_map_elem(&counts, visit_hash, &h, 0));
	put(data, end, idx++, h.sum);

	runs++;
	seen[k & 7] += 1;
	last_sum = w.sum;
	put(data, end, idx++, runs);
	put(data, end, idx++, multiplier);
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
