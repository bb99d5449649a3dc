/* tenant_filter: one tenant's request filter for examples/http_filter/app.py.
 *
 * Denies DELETE, anything under /admin, and requests with more than 32 headers; allows the
 * rest. Counts decisions (0 deny, 1 allow) and requests per method.
 *
 *   clang -target bpf -O2 -g -I "$(ebpy include-dir)" -c tenant_filter.c -o tenant_filter.o
 *   curl -X PUT --data-binary @tenant_filter.o http://127.0.0.1:8080/_filters/acme
 */
#include "request.h"

enum { DENY = 0, ALLOW = 1 };
enum { GET = 1, HEAD, POST, PUT, DELETE };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} decisions SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} methods SEC(".maps");

static __always_inline void count(void *map, __u32 key)
{
	__u64 one = 1, *n = bpf_map_lookup_elem(map, &key);

	if (n)
		__sync_fetch_and_add(n, 1);
	else
		bpf_map_update_elem(map, &key, &one, BPF_NOEXIST);
}

/* The context is read at constant offsets only (the verifier's rule for contexts), so the
 * prefix is compared byte by byte, unrolled. */
static __always_inline int under_admin(const struct request *req)
{
	const char prefix[] = "/admin";

	if (req->path_len < sizeof(prefix) - 1)
		return 0;
#pragma unroll
	for (int i = 0; i < (int)sizeof(prefix) - 1; i++)
		if (req->path[i] != prefix[i])
			return 0;
	return req->path_len == sizeof(prefix) - 1 || req->path[sizeof(prefix) - 1] == '/';
}

SEC("plugin")
int tenant_filter(struct request *req)
{
	__u32 verdict = ALLOW;

	count(&methods, req->method);
	if (req->method == DELETE || req->header_count > 32 || under_admin(req))
		verdict = DENY;
	count(&decisions, verdict);
	return verdict;
}

char _license[] SEC("license") = "GPL";
