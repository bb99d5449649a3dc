/* SPDX-License-Identifier: Apache-2.0 */
/*
 * opensnoop: files opened, by whom, with what result.
 *
 * syscalls/sys_enter_openat keeps the path pointer and flags by thread (for the processes
 * the `const volatile` filters let through); syscalls/sys_exit_openat reads the path and
 * sends the event with the result through a ring buffer. `ebpy tool opensnoop`.
 */
#include <ebpy/bpf.h>
#include "tracepoints.h"
#include "opensnoop.h"

struct open_args {
	const char *path;
	__s32 flags;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 10240);
	__type(key, __u32);
	__type(value, struct open_args);
} starts SEC(".maps");

char _license[] SEC("license") = "GPL";

SEC("tracepoint/syscalls/sys_enter_openat")
int opensnoop_enter(struct syscalls_sys_enter_openat *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct open_args args;

	if (!opensnoop_wanted(id >> 32))
		return 0;
	args.path = ctx->filename;
	args.flags = (__s32)ctx->flags;
	bpf_map_update_elem(&starts, &tid, &args, BPF_ANY);
	return 0;
}

SEC("tracepoint/syscalls/sys_exit_openat")
int opensnoop_exit(struct syscalls_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	__u32 tid = (__u32)id;
	struct open_args *args = bpf_map_lookup_elem(&starts, &tid);
	struct open_event *e;

	if (!args)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (e) {
		e->pid = id >> 32;
		e->tid = tid;
		e->uid = (__u32)bpf_get_current_uid_gid();
		e->flags = args->flags;
		e->ret = ctx->ret;
		bpf_get_current_comm(e->comm, sizeof(e->comm));
		if (bpf_probe_read_user_str(e->path, sizeof(e->path), args->path) < 0)
			e->path[0] = 0;
		bpf_ringbuf_submit(e, 0);
	}
	bpf_map_delete_elem(&starts, &tid);
	return 0;
}
