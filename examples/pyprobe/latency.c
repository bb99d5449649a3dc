/* SPDX-License-Identifier: Apache-2.0 */
/*
 * latency: calls and a log2 histogram of the latency of each probed Python function.
 *
 *     ebpy pyprobe latency.o --function mymodule:handler -- python app.py
 *
 * The entry event stores its time under (thread, function); the return event takes it out
 * and counts the difference in the histogram of that function. A function that calls itself
 * overwrites its own start: recursive calls are measured from the innermost one.
 */
#include <ebpy/pyprobe.h>

struct start_key {
	__u64 tid;
	__u32 func_id;
	__u32 pad;
};

struct hist_key {
	__u32 func_id;
	__u32 slot; /* floor(log2(latency in ns)) */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, struct start_key);
	__type(value, __u64);
} start SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4096);
	__type(key, struct hist_key);
	__type(value, __u64);
} latency_ns SEC(".maps");

struct func_key {
	__u32 func_id; /* a struct, so that `ebpy pyprobe` shows the function's name */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct func_key);
	__type(value, __u64);
} calls SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("pyprobe")
int latency(struct pyprobe_ctx *ctx)
{
	struct start_key sk = {.tid = ctx->tid, .func_id = ctx->func_id};
	struct func_key func_id = {.func_id = ctx->func_id};
	__u64 now = ctx->ts_ns, one = 1, *t0, *n;

	if (ctx->event == PYPROBE_ENTRY) {
		bpf_map_update_elem(&start, &sk, &now, BPF_ANY);
		n = bpf_map_lookup_elem(&calls, &func_id);
		if (n)
			__sync_fetch_and_add(n, 1);
		else
			bpf_map_update_elem(&calls, &func_id, &one, BPF_NOEXIST);
		return 0;
	}
	t0 = bpf_map_lookup_elem(&start, &sk);
	if (!t0)
		return 0; /* attached while the call was running */
	struct hist_key hk = {.func_id = ctx->func_id, .slot = pyprobe_log2(now - *t0)};
	bpf_map_delete_elem(&start, &sk);
	n = bpf_map_lookup_elem(&latency_ns, &hk);
	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(&latency_ns, &hk, &one, BPF_NOEXIST);
	return 0;
}
