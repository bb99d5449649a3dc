/* Ring buffer and perf event array output, driven by XDP test runs. */
#include "kernel/kernel_helpers.h"

struct event {
	__u32 seq;
	__u32 len;
	__u64 magic;
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, 4);
	__uint(value_size, 4);
} perf_events SEC(".maps");

__u32 seq;
__u32 full;
/* Puts struct event into the object's BTF, so readers can decode records by its name. */
struct event *event_type __attribute__((unused));

SEC("xdp") int ring(struct xdp_md *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e) {
		full++;
		return XDP_PASS;
	}
	e->seq = seq++;
	e->len = ctx->data_end - ctx->data;
	e->magic = 0xeb9f00d;
	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}

SEC("xdp") int perf(struct xdp_md *ctx)
{
	struct event e = { .seq = seq++, .len = ctx->data_end - ctx->data, .magic = 0xeb9f00d };
	bpf_perf_event_output(ctx, &perf_events, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
