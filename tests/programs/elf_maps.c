/* BTF-defined maps of every type that has a .maps definition style, a tail-call program array
 * with initial values, and maps-in-maps with inner map definitions and initial values. */
#include "bpf_helpers.h"

struct flow { __u32 saddr, daddr; __u16 sport, dport; __u8 proto; };
struct lpm_key { __u32 prefixlen; __u8 addr[4]; };
struct cg_key { __u64 cgroup_inode_id; __u32 attach_type; };
struct event { __u64 ts; __u32 pid; char comm[16]; };

struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 128); __type(key, struct flow); __type(value, __u64); } m_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, struct event); } m_array SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY); __uint(key_size, sizeof(__u32)); __uint(value_size, sizeof(__u32)); } m_perf SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_HASH); __uint(max_entries, 16); __type(key, __u32); __type(value, __u64); } m_pcpu_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } m_pcpu_array SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK_TRACE); __uint(max_entries, 32); __type(key, __u32); __uint(value_size, 127 * sizeof(__u64)); } m_stack_trace SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_ARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } m_cgroup_array SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } m_lru SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } m_lru_pcpu SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LPM_TRIE); __uint(max_entries, 16); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, struct lpm_key); __type(value, __u32); } m_lpm SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_DEVMAP); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } m_devmap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKMAP); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } m_sockmap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CPUMAP); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } m_cpumap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_XSKMAP); __uint(max_entries, 2); __type(key, __u32); __type(value, __u32); } m_xskmap SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SOCKHASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); } m_sockhash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGROUP_STORAGE); __type(key, struct cg_key); __type(value, __u64); } m_cg_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_REUSEPORT_SOCKARRAY); __uint(max_entries, 2); __type(key, __u32); __type(value, __u64); } m_reuseport SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE); __type(key, struct cg_key); __type(value, __u64); } m_pcpu_cg_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_QUEUE); __uint(max_entries, 8); __type(value, __u32); } m_queue SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_STACK); __uint(max_entries, 8); __type(value, __u32); } m_stack SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_SK_STORAGE); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, int); __type(value, __u64); } m_sk_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_DEVMAP_HASH); __uint(max_entries, 4); __type(key, __u32); __type(value, __u32); } m_devmap_hash SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } m_ringbuf SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_INODE_STORAGE); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, int); __type(value, __u64); } m_inode_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_TASK_STORAGE); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, int); __type(value, __u64); } m_task_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_BLOOM_FILTER); __uint(max_entries, 64); __type(value, __u32); __ulong(map_extra, 3); } m_bloom SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_USER_RINGBUF); __uint(max_entries, 4096); } m_user_ringbuf SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_CGRP_STORAGE); __uint(map_flags, BPF_F_NO_PREALLOC); __type(key, int); __type(value, __u64); } m_cgrp_storage SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARENA); __uint(map_flags, BPF_F_MMAPABLE); __uint(max_entries, 2); } m_arena SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 8); __type(key, __u32); __type(value, __u32); __uint(pinning, LIBBPF_PIN_BY_NAME); __uint(numa_node, 0); } m_pinned SEC(".maps");

/* Tail calls: a program array filled with programs of this object. */
int tail_one(struct xdp_md *ctx);
int tail_two(struct xdp_md *ctx);
struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int (void *));
} m_jump SEC(".maps") = { .values = { [1] = (void *)&tail_one, [3] = (void *)&tail_two } };

/* Maps in maps. */
struct inner_array { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 4); __type(key, __u32); __type(value, __u64); };
struct inner_array m_inner_a SEC(".maps"), m_inner_b SEC(".maps");
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner_array);
} m_outer_array SEC(".maps") = { .values = { [0] = &m_inner_b, [2] = &m_inner_a } };
struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 16); __type(key, __u64); __type(value, struct flow); });
} m_outer_hash SEC(".maps");

SEC("xdp") int tail_one(struct xdp_md *ctx) { return XDP_PASS; }
SEC("xdp") int tail_two(struct xdp_md *ctx) { return XDP_DROP; }

SEC("xdp") int use_maps(struct xdp_md *ctx)
{
	__u32 key = 0;
	struct flow f = {};
	__u64 *v = bpf_map_lookup_elem(&m_hash, &f);
	void *inner = bpf_map_lookup_elem(&m_outer_array, &key);
	if (inner)
		bpf_map_lookup_elem(inner, &key);
	bpf_tail_call(ctx, &m_jump, 1);
	return v ? XDP_PASS : XDP_ABORTED;
}

char _license[] SEC("license") = "GPL";
