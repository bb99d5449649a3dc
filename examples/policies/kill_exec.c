/* SPDX-License-Identifier: Apache-2.0 */
/*
 * kill_exec: a process that executes one of the binaries listed in the map `denied_exec`
 * is killed before the execve runs.
 *
 *     ebpy supervise kill_exec.o --map-entry denied_exec /usr/bin/wget -- ./build.sh
 *
 * The path compared is the string passed to execve (a shell passes the path it found in
 * PATH); a copy or a link of the binary under another name is not recognised, and another
 * thread can change the string after it was read (docs/hooks/syscalls.md).
 */
#include <ebpy/seccomp.h>

#define PATH_READ 256

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, char[PATH_READ]);
	__type(value, __u8);
} denied_exec SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("seccomp")
int kill_exec(struct seccomp_data *ctx)
{
	char path[PATH_READ] = {};
	/* Both loads up front, at fixed offsets (see deny_writes.c). */
	__u64 a0 = ctx->args[0], a1 = ctx->args[1];
	__u64 filename;

	if (ctx->arch != AUDIT_ARCH_X86_64)
		return SECCOMP_RET_FAIL(ENOSYS);
	if (ctx->nr == __NR_execve)
		filename = a0;
	else if (ctx->nr == __NR_execveat)
		filename = a1;
	else
		return SECCOMP_RET_ALLOW;
	if (bpf_probe_read_user_str(path, sizeof(path), (const void *)filename) <= 0)
		return SECCOMP_RET_ALLOW; /* the kernel fails it with EFAULT */
	if (bpf_map_lookup_elem(&denied_exec, path))
		return SECCOMP_RET_KILL_PROCESS;
	return SECCOMP_RET_ALLOW;
}
