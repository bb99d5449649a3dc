/* SPDX-License-Identifier: Apache-2.0 */
/*
 * net_allow: IPv4 connections (connect, and sendto/sendmsg with a destination) only to the
 * addresses listed in the map `allowed`; others fail with ECONNREFUSED. A key with port 0
 * allows every port of its address. IPv6 destinations fail too, except IPv4-mapped ones
 * (::ffff:a.b.c.d) of listed addresses. Other families (AF_UNIX, netlink, ...) are local and
 * allowed.
 *
 *     ebpy supervise net_allow.o \
 *         --map-entry allowed '{"addr": [127, 0, 0, 1], "port": 8080}' -- curl ...
 *
 * The address is read from the caller's memory before the kernel copies it: a second thread
 * can change it in between (docs/hooks/syscalls.md). Use a network namespace or cgroup
 * connect programs (in the kernel) for a boundary.
 */
#include <ebpy/seccomp.h>

struct allowed_addr {
	__u8 addr[4]; /* IPv4 address, as written: [127, 0, 0, 1] */
	__u16 port;   /* host byte order; 0: any port */
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct allowed_addr);
	__type(value, __u8);
} allowed SEC(".maps");

char _license[] SEC("license") = "GPL";

static __always_inline int listed(const __u8 *addr, __be16 port)
{
	struct allowed_addr key = {};

	__builtin_memcpy(key.addr, addr, 4);
	key.port = bpf_ntohs(port);
	if (bpf_map_lookup_elem(&allowed, &key))
		return 1;
	key.port = 0;
	return bpf_map_lookup_elem(&allowed, &key) != NULL;
}

/* SECCOMP_RET_ALLOW or a failure for a destination address in the caller's memory. */
static __always_inline __u32 check_destination(__u64 uaddr, __u64 len)
{
	struct sockaddr_in6 sa = {};
	static const __u8 v4mapped[12] = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

	if (!uaddr || len < sizeof(__u16))
		return SECCOMP_RET_ALLOW; /* no destination, or the kernel fails it */
	if (bpf_probe_read_user(&sa.sin6_family, sizeof(sa.sin6_family), (const void *)uaddr) < 0)
		return SECCOMP_RET_FAIL(EFAULT);
	if (sa.sin6_family == AF_INET) {
		struct sockaddr_in sin = {};
		if (len < sizeof(sin))
			return SECCOMP_RET_ALLOW; /* the kernel fails it with EINVAL */
		if (bpf_probe_read_user(&sin, sizeof(sin), (const void *)uaddr) < 0)
			return SECCOMP_RET_FAIL(EFAULT);
		return listed((const __u8 *)&sin.sin_addr, sin.sin_port) ? SECCOMP_RET_ALLOW
									 : SECCOMP_RET_FAIL(ECONNREFUSED);
	}
	if (sa.sin6_family == AF_INET6) {
		if (len < sizeof(sa))
			return SECCOMP_RET_ALLOW;
		if (bpf_probe_read_user(&sa, sizeof(sa), (const void *)uaddr) < 0)
			return SECCOMP_RET_FAIL(EFAULT);
		for (int i = 0; i < 12; i++)
			if (sa.sin6_addr[i] != v4mapped[i])
				return SECCOMP_RET_FAIL(ECONNREFUSED);
		return listed(&sa.sin6_addr[12], sa.sin6_port) ? SECCOMP_RET_ALLOW
							       : SECCOMP_RET_FAIL(ECONNREFUSED);
	}
	return SECCOMP_RET_ALLOW;
}

SEC("seccomp")
int net_allow(struct seccomp_data *ctx)
{
	struct {
		__u64 name;
		__u32 namelen;
	} msg;

	if (ctx->arch != AUDIT_ARCH_X86_64)
		return SECCOMP_RET_FAIL(ENOSYS);
	switch (ctx->nr) {
	case __NR_connect:
		return check_destination(ctx->args[1], ctx->args[2]);
	case __NR_sendto:
		return check_destination(ctx->args[4], ctx->args[5]);
	case __NR_sendmsg:
		/* struct msghdr starts with msg_name and msg_namelen */
		if (bpf_probe_read_user(&msg, sizeof(msg), (const void *)ctx->args[1]) < 0)
			return SECCOMP_RET_ALLOW; /* the kernel fails it with EFAULT */
		return check_destination(msg.name, msg.namelen);
	}
	return SECCOMP_RET_ALLOW;
}
