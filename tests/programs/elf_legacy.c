/* Old-style objects: `struct bpf_map_def` in the "maps" section, a "version" section, a
 * program section no current libbpf rule knows, and no BTF-defined maps. */
#include "bpf_helpers.h"

struct bpf_map_def SEC("maps") legacy_counts = {
	.type = BPF_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 4,
};
struct bpf_map_def SEC("maps") legacy_flows = {
	.type = BPF_MAP_TYPE_HASH, .key_size = 8, .value_size = 16, .max_entries = 1024,
	.map_flags = BPF_F_NO_PREALLOC,
};

SEC("socket1") int old_socket(void *skb)
{
	__u32 key = 1;
	__u64 *count = bpf_map_lookup_elem(&legacy_counts, &key);
	if (count)
		__sync_fetch_and_add(count, 1);
	return 0;
}

SEC("mystery") int unknown_section(void *ctx) { return 1; }

char _license[] SEC("license") = "GPL";
__u32 _version SEC("version") = 0x040e00;
