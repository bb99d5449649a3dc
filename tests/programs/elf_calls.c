/* Programs, subprograms and bpf-to-bpf calls: several programs in one section, static
 * functions in .text shared by two programs, a global .text function, a static function inside
 * the program section (called pc-relative, no relocation), a bpf_loop callback (lddw src=4), a
 * call chain two deep, and a second program section. Results depend on the packet length L so
 * that the compiler cannot fold the calls away:
 *   calls_a = 4L + 8, calls_b = 4L + 1000, loop_sum = L(L-1)/2, classifier = 3L. */
#include "bpf_helpers.h"

struct __sk_buff { __u32 len; };

static __noinline int triple(int x) { return x * 3; }
static __noinline int add_triple(int x, int y) { return triple(x) + y; }
__noinline int global_add(int x) { return x + 1000; }
static __noinline __attribute__((section("xdp"))) int in_section(int x) { return x + 7; }

static int sum_cb(__u32 index, void *ctx)
{
	*(__u64 *)ctx += index;
	return 0;
}

static __always_inline int pkt_len(struct xdp_md *ctx) { return ctx->data_end - ctx->data; }

SEC("xdp") int calls_a(struct xdp_md *ctx)
{
	int len = pkt_len(ctx);
	return add_triple(len, 1) + in_section(len);
}

SEC("xdp") int calls_b(struct xdp_md *ctx)
{
	int len = pkt_len(ctx);
	return triple(len) + global_add(len);
}

SEC("xdp") int loop_sum(struct xdp_md *ctx)
{
	__u64 sum = 0;
	bpf_loop(pkt_len(ctx), sum_cb, &sum, 0);
	return (int)sum;
}

SEC("tc") int classifier(struct __sk_buff *skb)
{
	return add_triple(skb->len, 0);
}

char _license[] SEC("license") = "GPL";
