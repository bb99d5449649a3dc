/* SPDX-License-Identifier: Apache-2.0 */
/* tcptracer: one event per TCP state change (shared by the kernel program and the front end). */
#ifndef EBPY_TOOLS_TCPTRACER_H
#define EBPY_TOOLS_TCPTRACER_H

#define TASK_COMM_LEN 16

struct tcp_event {
	__u64 ts_ns;        /* bpf_ktime_get_ns() */
	__u64 skaddr;       /* the socket (kernel address): ties a connection's events together */
	__u32 pid;          /* the task that was running: the connecting process for SYN_SENT */
	__s32 oldstate;
	__s32 newstate;
	__u16 family;       /* AF_INET (2) or AF_INET6 (10) */
	__u16 sport;        /* host byte order */
	__u16 dport;
	__u16 pad;
	__u8 saddr[16];     /* IPv4 in the first 4 bytes */
	__u8 daddr[16];
	char comm[TASK_COMM_LEN];
};

#endif
