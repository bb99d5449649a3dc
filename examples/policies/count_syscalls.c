/* SPDX-License-Identifier: Apache-2.0 */
/*
 * count_syscalls: how many times each process made each system call, like `strace -c -f`.
 * Every call is allowed.
 *
 *     ebpy supervise count_syscalls.o -- make
 *
 * `ebpy supervise` prints the map when the command ends, with the system calls by name
 * (a key field called `nr` is shown as a system call).
 */
#include <ebpy/seccomp.h>

struct syscall_key {
	__u32 pid; /* the process (thread group) id */
	__u32 nr;  /* the system call number */
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16384);
	__type(key, struct syscall_key);
	__type(value, __u64);
} syscall_counts SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("seccomp")
int count_syscalls(struct seccomp_data *ctx)
{
	struct syscall_key key = {
		.pid = bpf_get_current_pid_tgid() >> 32,
		.nr = ctx->nr,
	};
	__u64 one = 1;
	__u64 *count = bpf_map_lookup_elem(&syscall_counts, &key);

	if (count)
		__sync_fetch_and_add(count, 1);
	else
		bpf_map_update_elem(&syscall_counts, &key, &one, BPF_NOEXIST);
	return SECCOMP_RET_ALLOW;
}
