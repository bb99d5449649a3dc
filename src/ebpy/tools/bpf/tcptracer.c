/* SPDX-License-Identifier: Apache-2.0 */
/*
 * tcptracer: TCP connections as they change state (connect, accept, established, close), from
 * the sock/inet_sock_set_state tracepoint, through a ring buffer. `ebpy tool tcptracer`.
 */
#include <ebpy/bpf.h>
#include "tracepoints.h"
#include "tcptracer.h"

#define IPPROTO_TCP 6
#define AF_INET 2

const volatile __u16 targ_port = 0; /* 0: every connection; else this local or remote port */

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 20);
} events SEC(".maps");

const struct tcp_event *unused_tcp_event __attribute__((unused));

char _license[] SEC("license") = "GPL";

SEC("tracepoint/sock/inet_sock_set_state")
int tcptracer_state(struct sock_inet_sock_set_state *ctx)
{
	struct tcp_event *e;

	if (ctx->protocol != IPPROTO_TCP)
		return 0;
	if (targ_port && ctx->sport != targ_port && ctx->dport != targ_port)
		return 0;
	e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->ts_ns = bpf_ktime_get_ns();
	e->skaddr = (__u64)(long)ctx->skaddr;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	e->oldstate = ctx->oldstate;
	e->newstate = ctx->newstate;
	e->family = ctx->family;
	e->sport = ctx->sport;
	e->dport = ctx->dport;
	e->pad = 0;
	if (ctx->family == AF_INET) {
		__builtin_memset(e->saddr, 0, sizeof(e->saddr));
		__builtin_memset(e->daddr, 0, sizeof(e->daddr));
		__builtin_memcpy(e->saddr, ctx->saddr, 4);
		__builtin_memcpy(e->daddr, ctx->daddr, 4);
	} else {
		__builtin_memcpy(e->saddr, ctx->saddr_v6, 16);
		__builtin_memcpy(e->daddr, ctx->daddr_v6, 16);
	}
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
