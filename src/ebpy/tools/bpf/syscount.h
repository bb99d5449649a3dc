/* SPDX-License-Identifier: Apache-2.0 */
/* syscount: system calls counted by process and number (shared by the kernel program, the
 * supervised variant and the front end). */
#ifndef EBPY_TOOLS_SYSCOUNT_H
#define EBPY_TOOLS_SYSCOUNT_H

#define TASK_COMM_LEN 16

struct syscount_key {
	__u32 pid; /* the process (thread group) */
	__u32 nr;  /* the system call number */
};

struct syscount_value {
	__u64 count;
	char comm[TASK_COMM_LEN]; /* the process's command when first seen */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct syscount_key);
	__type(value, struct syscount_value);
} counts SEC(".maps");

const volatile __u32 targ_tgid = 0; /* 0: every process */

static __always_inline void syscount_add(__u32 tgid, __u32 nr)
{
	struct syscount_key key = { .pid = tgid, .nr = nr };
	struct syscount_value *v, fresh = { .count = 1 };

	if (targ_tgid && tgid != targ_tgid)
		return;
	v = bpf_map_lookup_elem(&counts, &key);
	if (v) {
		__sync_fetch_and_add(&v->count, 1);
		return;
	}
	bpf_get_current_comm(fresh.comm, sizeof(fresh.comm));
	if (bpf_map_update_elem(&counts, &key, &fresh, BPF_NOEXIST)) {
		v = bpf_map_lookup_elem(&counts, &key); /* another CPU added it meanwhile */
		if (v)
			__sync_fetch_and_add(&v->count, 1);
	}
}

#endif
