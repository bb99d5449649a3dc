/* SPDX-License-Identifier: Apache-2.0 */
/* opensnoop: one event per file opened (shared by the kernel program, the supervised
 * variant and the front end). */
#ifndef EBPY_TOOLS_OPENSNOOP_H
#define EBPY_TOOLS_OPENSNOOP_H

#define TASK_COMM_LEN 16
#define NAME_MAX 255

struct open_event {
	__u32 pid;
	__u32 tid;
	__u32 uid;
	__s32 flags;   /* open flags (O_WRONLY, O_CREAT, ...) */
	__s64 ret;     /* the file descriptor, or -errno (kernel only: 0 when supervised) */
	char comm[TASK_COMM_LEN];
	char path[NAME_MAX + 1];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

const struct open_event *unused_open_event __attribute__((unused));

/* Filters set before loading (`const volatile`): a process, a command name. */
const volatile __u32 targ_tgid = 0;             /* 0: every process */
const volatile char targ_comm[TASK_COMM_LEN] = {}; /* empty: every command */

static __always_inline bool opensnoop_wanted(__u32 tgid)
{
	char comm[TASK_COMM_LEN];
	int i;

	if (targ_tgid && tgid != targ_tgid)
		return false;
	if (!targ_comm[0])
		return true;
	bpf_get_current_comm(comm, sizeof(comm));
	for (i = 0; i < TASK_COMM_LEN; i++) {
		if (comm[i] != targ_comm[i])
			return false;
		if (!comm[i])
			break;
	}
	return true;
}

#endif
