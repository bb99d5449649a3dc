/* Tail calls through a program array: a chain of three programs, a missing slot that falls
 * through, and a program that calls itself until a counter in the packet runs out. */
#include "diff.h"

int second(struct xdp_md *ctx);
int third(struct xdp_md *ctx);
int again(struct xdp_md *ctx);
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, int (void *));
} jumps SEC(".maps") = { .values = { [1] = (void *)&second, [2] = (void *)&third, [5] = (void *)&again } };

static __always_inline int mark(struct xdp_md *ctx, __u32 slot, __u64 v)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	put(data, end, slot, v);
	__u8 *b = data;
	if ((void *)(b + 1) > end)
		return -1;
	return b[0];
}

SEC("xdp") int first(struct xdp_md *ctx)
{
	int how = mark(ctx, 0, 0x1111);
	if (how < 0)
		return XDP_ABORTED;
	bpf_tail_call(ctx, &jumps, how & 7); /* slots 0, 3, 4, 6, 7 are empty */
	mark(ctx, 1, 0x1112);
	return XDP_DROP;
}

SEC("xdp") int second(struct xdp_md *ctx)
{
	mark(ctx, 2, 0x2222);
	bpf_tail_call(ctx, &jumps, 2);
	return XDP_ABORTED;
}

SEC("xdp") int third(struct xdp_md *ctx)
{
	mark(ctx, 3, 0x3333);
	return XDP_TX;
}

SEC("xdp") int again(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u64 *count = (__u64 *)((char *)data + 8);
	if ((void *)(count + 1) > end)
		return XDP_ABORTED;
	*count += 1; /* past the limit of 33 tail calls the next one fails and we fall through */
	bpf_tail_call(ctx, &jumps, 5);
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
