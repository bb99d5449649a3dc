/* SPDX-License-Identifier: Apache-2.0 */
/*
 * opensnoop for `ebpy supervise`: files a supervised command opens, seen at the system call
 * (before it runs, so there is no result). The context is struct seccomp_data; every call is
 * allowed. `ebpy tool opensnoop -- COMMAND`.
 */
#include <ebpy/seccomp.h>
#include "opensnoop.h"

char _license[] SEC("license") = "GPL";

SEC("seccomp")
int opensnoop_supervised(struct seccomp_data *ctx)
{
	/* Every context field is loaded once, at a constant offset: a context pointer that
	 * the compiler moved (ctx + 8 * i) may not be dereferenced. */
	int nr = ctx->nr;
	__u32 arch = ctx->arch;
	__u64 arg0 = ctx->args[0], arg1 = ctx->args[1], arg2 = ctx->args[2];
	__u64 id = bpf_get_current_pid_tgid();
	const char *path;
	__s32 flags;
	struct open_event *e;

	if (arch != AUDIT_ARCH_X86_64)
		return SECCOMP_RET_ALLOW;
	if (nr == __NR_openat) {
		path = (const char *)arg1;
		flags = (__s32)arg2;
	} else if (nr == __NR_open) {
		path = (const char *)arg0;
		flags = (__s32)arg1;
	} else if (nr == __NR_creat) {
		path = (const char *)arg0;
		flags = O_CREAT | O_WRONLY | O_TRUNC;
	} else {
		return SECCOMP_RET_ALLOW;
	}
	if (!opensnoop_wanted(id >> 32))
		return SECCOMP_RET_ALLOW;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return SECCOMP_RET_ALLOW;
	e->pid = id >> 32;
	e->tid = (__u32)id;
	e->uid = (__u32)bpf_get_current_uid_gid();
	e->flags = flags;
	e->ret = 0;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	if (bpf_probe_read_user_str(e->path, sizeof(e->path), path) < 0)
		e->path[0] = 0;
	bpf_ringbuf_submit(e, 0);
	return SECCOMP_RET_ALLOW;
}
