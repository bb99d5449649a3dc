/* CO-RE against the running kernel: task_struct fields through preserve_access_index, a
 * field no kernel has (guarded), a flavoured type, type and enum relocations. */
#include "kernel/kernel_helpers.h"

struct task_struct {
	int pid;
	int tgid;
	char comm[16];
	struct task_struct *real_parent;
	int no_such_field_in_any_kernel;
} __attribute__((preserve_access_index));

struct task_struct___flavour {
	int tgid;
} __attribute__((preserve_access_index));

struct no_such_struct_in_any_kernel {
	int a;
};

enum pid_type { PIDTYPE_PID, PIDTYPE_TGID, PIDTYPE_PGID, PIDTYPE_SID, PIDTYPE_MAX, PIDTYPE_NOPE };

__s32 pid, tgid, ppid, flavour_tgid, missing_value = -1;
char comm[16];
__u64 has_pid, has_missing, pid_offset, comm_size, task_size, has_no_struct;
__u64 tgid_value, has_nope;

SEC("raw_tracepoint/sys_enter") int read_task(void *ctx)
{
	struct task_struct *t = (void *)bpf_get_current_task();
	struct task_struct *parent = 0;

	BPF_CORE_READ_INTO(&pid, t, pid);
	BPF_CORE_READ_INTO(&tgid, t, tgid);
	BPF_CORE_READ_INTO(&comm, t, comm);
	BPF_CORE_READ_INTO(&parent, t, real_parent);
	if (parent)
		BPF_CORE_READ_INTO(&ppid, parent, tgid);
	BPF_CORE_READ_INTO(&flavour_tgid, (struct task_struct___flavour *)t, tgid);
	has_pid = bpf_core_field_exists(t->pid);
	has_missing = bpf_core_field_exists(t->no_such_field_in_any_kernel);
	if (bpf_core_field_exists(t->no_such_field_in_any_kernel))
		BPF_CORE_READ_INTO(&missing_value, t, no_such_field_in_any_kernel);
	pid_offset = bpf_core_field_offset(t->pid);
	comm_size = bpf_core_field_size(t->comm);
	task_size = bpf_core_type_size(struct task_struct);
	has_no_struct = bpf_core_type_exists(struct no_such_struct_in_any_kernel);
	tgid_value = bpf_core_enum_value(enum pid_type, PIDTYPE_TGID);
	has_nope = bpf_core_enum_value_exists(enum pid_type, PIDTYPE_NOPE);
	return 0;
}

char _license[] SEC("license") = "GPL";
