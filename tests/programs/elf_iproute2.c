/* iproute2 (tc) objects: `struct bpf_elf_map` with id, pinning and inner map fields. */
#include "bpf_helpers.h"

struct bpf_elf_map SEC("maps") tc_inner = {
	.type = BPF_MAP_TYPE_ARRAY, .size_key = 4, .size_value = 4, .max_elem = 1,
	.id = 42, .inner_idx = 0,
};
struct bpf_elf_map SEC("maps") tc_outer = {
	.type = BPF_MAP_TYPE_ARRAY_OF_MAPS, .size_key = 4, .size_value = 4, .max_elem = 2,
	.inner_id = 42, .pinning = PIN_GLOBAL_NS,
};
struct bpf_elf_map SEC("maps") tc_plain = {
	.type = BPF_MAP_TYPE_HASH, .size_key = 4, .size_value = 8, .max_elem = 16,
	.inner_idx = 0xffffffff, .pinning = PIN_NONE,
};

SEC("classifier") int tc_main(struct __sk_buff *skb)
{
	__u32 key = 0;
	void *inner = bpf_map_lookup_elem(&tc_outer, &key);
	bpf_map_lookup_elem(&tc_plain, &key);
	return inner ? 1 : 0;
}

char _license[] SEC("license") = "GPL";
