/* Connect-time load balancing: connect() to the service address goes to the backend. */
#include "kernel/kernel_helpers.h"

const volatile __u32 service_ip = 0; /* network byte order, as in the socket address */
const volatile __u32 service_port = 0;
const volatile __u32 backend_ip = 0;
const volatile __u32 backend_port = 0;
__u64 rewrites;

SEC("cgroup/connect4") int lb_connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 == service_ip && ctx->user_port == service_port) {
		ctx->user_ip4 = backend_ip;
		ctx->user_port = backend_port;
		__sync_fetch_and_add(&rewrites, 1);
	}
	return 1;
}

char _license[] SEC("license") = "GPL";
