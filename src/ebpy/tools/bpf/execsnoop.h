/* SPDX-License-Identifier: Apache-2.0 */
/* execsnoop: one event per execve(), with its arguments (shared by the kernel program and the
 * front end, which reads this struct through the object's BTF). */
#ifndef EBPY_TOOLS_EXECSNOOP_H
#define EBPY_TOOLS_EXECSNOOP_H

#define TASK_COMM_LEN 16
#define ARGSIZE 128            /* at most this much of each argument */
#define TOTAL_MAX_ARGS 60      /* arguments kept: the file name, then argv[1..] */
#define FULL_MAX_ARGS_ARR (TOTAL_MAX_ARGS * ARGSIZE)
#define LAST_ARG (FULL_MAX_ARGS_ARR - ARGSIZE)

struct exec_event {
	__u32 pid;         /* the process (thread group) */
	__u32 tid;         /* the calling thread */
	__u32 uid;
	__s32 retval;      /* execve's result: 0, or -errno */
	__u32 args_count;  /* arguments in args (one more than kept when some were cut) */
	__u32 args_size;   /* bytes used in args */
	char comm[TASK_COMM_LEN];
	char args[FULL_MAX_ARGS_ARR]; /* NUL-separated: the file name, then argv[1..] */
};

#endif
