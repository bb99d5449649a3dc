/* SPDX-License-Identifier: Apache-2.0 */
/*
 * Tracepoint records the reference tools read, laid out as the kernel's format files say
 * (/sys/kernel/tracing/events/<category>/<name>/format). Tracepoint formats are a stable
 * ABI, so these fixed layouts need no kernel headers and no CO-RE; a test compares every
 * offset here (as the tools' BTF records it: each program's context type) with the running
 * kernel's format files.
 */
#ifndef EBPY_TOOLS_TRACEPOINTS_H
#define EBPY_TOOLS_TRACEPOINTS_H

#include <ebpy/bpf.h>

/* The fields every tracepoint record starts with. */
struct trace_entry {
	unsigned short type;
	unsigned char flags;
	unsigned char preempt_count;
	int pid;
};

/* raw_syscalls/sys_enter: every system call, by number. */
struct raw_syscalls_sys_enter {
	struct trace_entry ent;
	long id;
	unsigned long args[6];
};

/* syscalls/sys_exit_*: the return value of one system call. */
struct syscalls_sys_exit {
	struct trace_entry ent;
	int __syscall_nr;
	long ret;
};

/* syscalls/sys_enter_execve */
struct syscalls_sys_enter_execve {
	struct trace_entry ent;
	int __syscall_nr;
	const char *filename;
	const char *const *argv;
	const char *const *envp;
};

/* syscalls/sys_enter_openat (the int arguments are widened to 8 bytes in the record) */
struct syscalls_sys_enter_openat {
	struct trace_entry ent;
	int __syscall_nr;
	__u64 dfd;
	const char *filename;
	__u64 flags;
	__u64 mode;
};

/* sock/inet_sock_set_state: a TCP (or other inet) socket changing state. Ports are in host
 * byte order; addresses as the wire has them. */
struct sock_inet_sock_set_state {
	struct trace_entry ent;
	const void *skaddr;
	int oldstate;
	int newstate;
	__u16 sport;
	__u16 dport;
	__u16 family;
	__u16 protocol;
	__u8 saddr[4];
	__u8 daddr[4];
	__u8 saddr_v6[16];
	__u8 daddr_v6[16];
};

#endif /* EBPY_TOOLS_TRACEPOINTS_H */
