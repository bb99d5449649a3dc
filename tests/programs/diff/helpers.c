/* Helpers whose results are defined: csum_diff, the XDP head/tail/metadata moves with their
 * error codes, ktime (monotonic: only the comparison is output), get_prandom_u32 (called, its
 * value unused), trace_printk (the lines are compared), ring buffer records, and in a tc
 * program skb_load_bytes / skb_store_bytes. */
#include "diff.h"

struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
struct event { __u32 kind; __u32 len; __u64 value; };
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64[8]); } sf_out SEC(".maps");

SEC("xdp") int xdp_helpers(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 *in = data;
	if ((void *)(in + 16) > end)
		return XDP_ABORTED;
	__u32 idx = 0;
	/* csum_diff over 4..16 bytes of the packet, seeded */
	__u32 n = (in[0] & 3) * 4 + 4;
	put(data, end, idx++, bpf_csum_diff(0, 0, (__be32 *)&in[4], n, in[1]));
	put(data, end, idx++, bpf_csum_diff((__be32 *)&in[4], 8, (__be32 *)&in[8], 8, 0));
	put(data, end, idx++, bpf_csum_diff((__be32 *)&in[4], 3, 0, 0, 0)); /* not a multiple of 4 */

	__u64 t1 = bpf_ktime_get_ns();
	bpf_get_prandom_u32();
	__u64 t2 = bpf_ktime_get_ns();
	put(data, end, idx++, t2 >= t1 && t1 > 0);

	static const char fmt[] = "diff-marker %u %x\n";
	put(data, end, idx++, bpf_trace_printk(fmt, sizeof(fmt), in[2], in[3]));

	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->kind = 1;
		e->len = end - data;
		e->value = ((__u64)in[1] << 32) | in[2];
		if (in[3] & 1)
			bpf_ringbuf_discard(e, 0);
		else
			bpf_ringbuf_submit(e, 0);
	}
	struct event out = { 2, in[4], in[5] };
	put(data, end, idx++, bpf_ringbuf_output(&events, &out, sizeof(out), 0));
	put(data, end, idx++, bpf_ringbuf_output(&events, &out, 8, 4)); /* unknown flag: -EINVAL */

	/* moves: the ctx fields after each, and the codes (data_meta relative to data); every
	 * packet pointer is stale after a move, so the amounts are read first */
	int meta = -(int)((in[6] & 3) * 4 + 4);
	int head = (int)(in[7] & 31) - 16;
	int tail = (int)(in[8] & 63) - 32;
	long r1 = bpf_xdp_adjust_meta(ctx, meta);
	long r2 = bpf_xdp_adjust_meta(ctx, -36); /* more than 32 bytes of metadata */
	long r3 = bpf_xdp_adjust_head(ctx, head);
	long r4 = bpf_xdp_adjust_tail(ctx, tail);
	long r5 = bpf_xdp_adjust_tail(ctx, 8192); /* past the page */
	long r6 = bpf_xdp_adjust_head(ctx, 4096); /* past the end */
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	void *meta_p = (void *)(long)ctx->data_meta;
	if (data + 8 * 8 + 64 > end)
		return XDP_PASS;
	__u64 *res = (__u64 *)data + 8; /* bytes 64.. of the moved packet */
	res[0] = r1; res[1] = r2; res[2] = r3; res[3] = r4; res[4] = r5; res[5] = r6;
	res[6] = data - meta_p;
	res[7] = end - data;
	if (meta_p + 4 <= data)
		*(__u32 *)meta_p = 0xfeedbeef;
	return XDP_PASS;
}

SEC("tc") int tc_helpers(struct __sk_buff *skb)
{
	__u8 buf[16] = {};
	__u64 res[8] = {};
	res[0] = bpf_skb_load_bytes(skb, 14, buf, 16);
	res[1] = bpf_skb_load_bytes(skb, skb->len - 4, buf + 12, 4);
	res[2] = bpf_skb_load_bytes(skb, skb->len - 2, buf, 4); /* past the end: -EFAULT */
	buf[0] ^= 0xff;
	res[3] = bpf_skb_store_bytes(skb, 20, buf, 8, 0);
	res[4] = bpf_skb_store_bytes(skb, skb->len - 3, buf, 8, 0); /* past the end */
	res[5] = bpf_skb_store_bytes(skb, 0, buf, 2, 1 << 5); /* unknown flag */
	res[6] = bpf_csum_diff(0, 0, (__be32 *)buf, 16, 0);
	res[7] = skb->len;
	bpf_skb_store_bytes(skb, 64, res, sizeof(res), 0);
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	__u32 *p = data;
	if ((void *)(p + 1) > end)
		return TC_ACT_SHOT;
	return *p & 1 ? TC_ACT_OK : TC_ACT_SHOT;
}
/* A socket filter sees the packet from the network header on: skb_load_bytes offsets count
 * from there, and it cannot write the packet, so results go to a map. */
SEC("socket") int sf_helpers(struct __sk_buff *skb)
{
	__u32 key = 0;
	__u64 *res = bpf_map_lookup_elem(&sf_out, &key);
	if (!res)
		return 0;
	__u8 buf[8] = {};
	res[0] = bpf_skb_load_bytes(skb, 0, buf, 8);
	res[1] = *(__u64 *)buf;
	res[2] = bpf_skb_load_bytes(skb, skb->len - 8, buf, 8);
	res[3] = *(__u64 *)buf;
	res[4] = bpf_skb_load_bytes(skb, skb->len - 7, buf, 8); /* one byte past the end */
	res[5] = skb->len;
	res[6] = skb->protocol;
	return skb->len; /* a socket filter's answer: how many bytes to keep */
}
char _license[] SEC("license") = "GPL";
