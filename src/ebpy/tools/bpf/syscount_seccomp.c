/* SPDX-License-Identifier: Apache-2.0 */
/*
 * syscount for `ebpy supervise`: the system calls of a supervised command and its children,
 * counted in the same map as the kernel program (`ebpy tool syscount -- COMMAND`). Every
 * call is allowed.
 */
#include <ebpy/seccomp.h>
#include "syscount.h"

char _license[] SEC("license") = "GPL";

SEC("seccomp")
int syscount_supervised(struct seccomp_data *ctx)
{
	if (ctx->arch == AUDIT_ARCH_X86_64 && ctx->nr >= 0)
		syscount_add(bpf_get_current_pid_tgid() >> 32, (__u32)ctx->nr);
	return SECCOMP_RET_ALLOW;
}
