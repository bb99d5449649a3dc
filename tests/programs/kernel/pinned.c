/* A map pinned by name, shared by every load of this object. */
#include "kernel/kernel_helpers.h"

#ifndef MAX_ENTRIES
#define MAX_ENTRIES 16
#endif

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, MAX_ENTRIES);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_BY_NAME);
} shared_counts SEC(".maps");

SEC("xdp") int bump(struct xdp_md *ctx)
{
	__u32 key = 1;
	__u64 one = 1, *v = bpf_map_lookup_elem(&shared_counts, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&shared_counts, &key, &one, BPF_ANY);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
