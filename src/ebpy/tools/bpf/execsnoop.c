/* SPDX-License-Identifier: Apache-2.0 */
/*
 * execsnoop: new processes with their arguments, as they execve().
 *
 * syscalls/sys_enter_execve keeps the file name and arguments (read from the caller's
 * memory while they are still there) in a hash map by thread; syscalls/sys_exit_execve adds
 * the result and the new comm and sends the event through a ring buffer, as long as the
 * arguments used (the record is variable-length). Run it with `ebpy tool execsnoop`.
 */
#include <ebpy/bpf.h>
#include "tracepoints.h"
#include "execsnoop.h"

const volatile __u32 max_args = TOTAL_MAX_ARGS; /* arguments to keep (1..TOTAL_MAX_ARGS) */
const volatile __u32 targ_uid = (__u32)-1;      /* only this user (-1: everyone) */

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct exec_event);
} execs SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

const struct exec_event *unused_exec_event __attribute__((unused));
static const struct exec_event empty_event;

char _license[] SEC("license") = "GPL";

SEC("tracepoint/syscalls/sys_enter_execve")
int execsnoop_enter(struct syscalls_sys_enter_execve *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id, uid = (__u32)bpf_get_current_uid_gid();
	const char *argp;
	struct exec_event *e;
	long ret;
	int i;

	if (targ_uid != (__u32)-1 && uid != targ_uid)
		return 0;
	if (bpf_map_update_elem(&execs, &tid, &empty_event, BPF_NOEXIST))
		return 0;
	e = bpf_map_lookup_elem(&execs, &tid);
	if (!e)
		return 0;
	e->pid = id >> 32;
	e->tid = tid;
	e->uid = uid;
	ret = bpf_probe_read_user_str(e->args, ARGSIZE, ctx->filename);
	if (ret < 0) {
		bpf_map_delete_elem(&execs, &tid);
		return 0;
	}
	e->args_size = ret;
	e->args_count = 1;
	for (i = 1; i < TOTAL_MAX_ARGS && i < max_args; i++) {
		if (bpf_probe_read_user(&argp, sizeof(argp), &ctx->argv[i]) || !argp)
			return 0;
		if (e->args_size > LAST_ARG)
			return 0;
		ret = bpf_probe_read_user_str(&e->args[e->args_size], ARGSIZE, argp);
		if (ret < 0)
			return 0;
		e->args_count++;
		e->args_size += ret;
	}
	/* one more argument than kept: say so with the count */
	if (!bpf_probe_read_user(&argp, sizeof(argp), &ctx->argv[i]) && argp)
		e->args_count++;
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_execve")
int execsnoop_exit(struct syscalls_sys_exit *ctx)
{
	__u32 tid = (__u32)bpf_get_current_pid_tgid();
	struct exec_event *e = bpf_map_lookup_elem(&execs, &tid);
	__u64 size;

	if (!e)
		return 0;
	e->retval = ctx->ret;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	size = __builtin_offsetof(struct exec_event, args) + e->args_size;
	if (size <= sizeof(*e))
		bpf_ringbuf_output(&events, e, size, 0);
	bpf_map_delete_elem(&execs, &tid);
	return 0;
}
