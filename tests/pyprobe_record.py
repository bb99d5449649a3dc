"""The program the Python-probe tests record events with: each event's context and the
pid_tgid it ran for, in order, into an array of `n` records."""

from __future__ import annotations


def record_source(n: int) -> str:
    return f"""
#include <ebpy/pyprobe.h>
struct rec {{ struct pyprobe_ctx ctx; __u64 pid_tgid; }};
struct {{ __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, {n}); __type(key, __u32); __type(value, struct rec); }} events SEC(".maps");
struct {{ __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1); __type(key, __u32); __type(value, __u64); }} count SEC(".maps");
char _license[] SEC("license") = "GPL";
SEC("pyprobe") int record(struct pyprobe_ctx *ctx)
{{
    __u32 z = 0;
    __u64 *n = bpf_map_lookup_elem(&count, &z);
    if (!n) return 0;
    __u32 i = *n;
    *n += 1;
    struct rec *r = bpf_map_lookup_elem(&events, &i);
    if (!r) return 0;
    __builtin_memcpy(&r->ctx, ctx, sizeof(*ctx));
    r->pid_tgid = bpf_get_current_pid_tgid();
    return 0;
}}
"""
