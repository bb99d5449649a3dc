/* SPDX-License-Identifier: Apache-2.0 */
/*
 * syscount: system calls by process and number, from raw_syscalls/sys_enter, in a hash map
 * the front end reads (`ebpy tool syscount`: top system calls, or top processes with -P).
 */
#include <ebpy/bpf.h>
#include "tracepoints.h"
#include "syscount.h"

char _license[] SEC("license") = "GPL";

SEC("tracepoint/raw_syscalls/sys_enter")
int syscount_enter(struct raw_syscalls_sys_enter *ctx)
{
	if (ctx->id < 0)
		return 0;
	syscount_add(bpf_get_current_pid_tgid() >> 32, (__u32)ctx->id);
	return 0;
}
