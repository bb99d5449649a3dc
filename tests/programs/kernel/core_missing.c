/* Reads a field no kernel has, without a guard: the load must fail and say which field. */
#include "kernel/kernel_helpers.h"

struct task_struct {
	int pid;
	int no_such_field_in_any_kernel;
} __attribute__((preserve_access_index));

__s32 value;

SEC("raw_tracepoint/sys_enter") int read_missing(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	BPF_CORE_READ_INTO(&value, t, no_such_field_in_any_kernel);
	return 0;
}

char _license[] SEC("license") = "GPL";
