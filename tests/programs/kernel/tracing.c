/* Tracepoint, raw tracepoint and BTF tracepoint programs counting one thread's system calls. */
#include "kernel/kernel_helpers.h"

const volatile __u32 target_tid = 0;
const volatile __u64 watched_syscall = 0; /* for the raw tracepoints: a syscall number */
__u64 openat_calls;
__u64 raw_calls;
__u64 btf_calls;

SEC("tracepoint/syscalls/sys_enter_openat") int count_openat(void *ctx)
{
	if ((__u32)bpf_get_current_pid_tgid() == target_tid)
		openat_calls++;
	return 0;
}

struct bpf_raw_tracepoint_args { __u64 args[2]; };

SEC("raw_tracepoint/sys_enter") int count_raw(struct bpf_raw_tracepoint_args *ctx)
{
	if ((__u32)bpf_get_current_pid_tgid() == target_tid && ctx->args[1] == watched_syscall)
		raw_calls++;
	return 0;
}

SEC("tp_btf/sys_enter") int count_btf(__u64 *ctx)
{
	if ((__u32)bpf_get_current_pid_tgid() == target_tid && ctx[1] == watched_syscall)
		btf_calls++;
	return 0;
}

char _license[] SEC("license") = "GPL";
