#include "bpf_mini.h"
/* A full header parser: Ethernet, up to two VLAN tags, IPv4 (options, fragments) or IPv6 (up to
 * four extension headers), TCP/UDP/ICMP; per-CPU counters by outcome, a port policy (hash),
 * per-flow statistics (LRU hash) keyed by a 5-tuple with the VLAN, and a bucket histogram of a
 * hand-written flow hash. Loops are unrolled: about 500 instructions of branchy code. */
struct vlan_hdr { __u16 tci; __u16 proto; };
struct ipv6hdr { __u32 vtc_flow; __u16 payload_len; __u8 nexthdr; __u8 hop_limit; __u32 saddr[4]; __u32 daddr[4]; };
struct ipv6_opt { __u8 nexthdr; __u8 hdrlen; __u16 pad; };
struct tcphdr { __u16 source, dest; __u32 seq, ack_seq; __u8 doff, flags; __u16 window, check, urg_ptr; };
struct udphdr { __u16 source, dest, len, check; };
struct icmphdr { __u8 type, code; __u16 check; __u32 rest; };
struct fkey { __u32 src[4]; __u32 dst[4]; __u16 sport, dport; __u8 proto, family; __u16 vlan; };
struct fstats { __u64 packets, bytes, syn, fin, rst, first_ns, last_ns; };
enum { C_PKTS, C_SHORT, C_VLAN, C_IP4, C_IP6, C_FRAG, C_OPTS, C_TCP, C_UDP, C_ICMP, C_OTHER, C_DENY, C_BAD, C_EXT, C_NEW, C_MAX };
struct { __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY); __uint(max_entries, C_MAX); __type(key, __u32); __type(value, __u64); } counters SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 256); __type(key, __u32); __type(value, __u32); } policy SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_LRU_HASH); __uint(max_entries, 65536); __type(key, struct fkey); __type(value, struct fstats); } flowstats SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 256); __type(key, __u32); __type(value, __u64); } buckets SEC(".maps");

static __always_inline void bump(__u32 what) { __u64 *c = bpf_map_lookup_elem(&counters, &what); if (c) *c += 1; }
static __always_inline __u32 rol32(__u32 x, int k) { return (x << k) | (x >> (32 - k)); }
static __always_inline __u32 mix(__u32 h, __u32 k) { k *= 0xcc9e2d51; k = rol32(k, 15); k *= 0x1b873593; h ^= k; h = rol32(h, 13); return h * 5 + 0xe6546b64; }

SEC("xdp") int xdp_parse(struct xdp_md *ctx) {
  void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  __u64 len = end - data;
  bump(C_PKTS);
  struct ethhdr *eth = data;
  if ((void *)(eth + 1) > end) { bump(C_SHORT); return XDP_DROP; }
  __u16 proto = eth->h_proto, vlan = 0;
  void *nh = eth + 1;
#pragma unroll
  for (int i = 0; i < 2; i++) {
    if (proto != bswap16(0x8100) && proto != bswap16(0x88a8)) break;
    struct vlan_hdr *v = nh;
    if ((void *)(v + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    vlan = bswap16(v->tci) & 0xfff; proto = v->proto; nh = v + 1; bump(C_VLAN);
  }
  struct fkey key = {}; key.vlan = vlan;
  __u8 l4 = 0;
  if (proto == bswap16(0x0800)) {
    struct iphdr *ip = nh;
    if ((void *)(ip + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    __u32 hl = (ip->ihl_version & 0xf) * 4;
    if ((ip->ihl_version >> 4) != 4 || hl < 20) { bump(C_BAD); return XDP_DROP; }
    if (hl > 20) bump(C_OPTS);
    if (bswap16(ip->frag_off) & 0x3fff) { bump(C_FRAG); return XDP_PASS; }
    if (bswap16(ip->tot_len) < hl) { bump(C_BAD); return XDP_DROP; }
    key.src[0] = ip->saddr; key.dst[0] = ip->daddr; key.family = 4; l4 = ip->protocol;
    if (hl > 60) { bump(C_BAD); return XDP_DROP; }
    nh = (void *)ip + hl;
    bump(C_IP4);
  } else if (proto == bswap16(0x86dd)) {
    struct ipv6hdr *ip6 = nh;
    if ((void *)(ip6 + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    if ((ip6->vtc_flow & 0xf0) != 0x60) { bump(C_BAD); return XDP_DROP; }
#pragma unroll
    for (int i = 0; i < 4; i++) { key.src[i] = ip6->saddr[i]; key.dst[i] = ip6->daddr[i]; }
    key.family = 6; l4 = ip6->nexthdr; nh = ip6 + 1;
#pragma unroll
    for (int i = 0; i < 4; i++) {
      if (l4 != 0 && l4 != 43 && l4 != 44 && l4 != 60) break;
      struct ipv6_opt *o = nh;
      if ((void *)(o + 1) > end) { bump(C_SHORT); return XDP_DROP; }
      if (l4 == 44) { bump(C_FRAG); return XDP_PASS; }
      l4 = o->nexthdr; nh += (o->hdrlen + 1) * 8; bump(C_EXT);
    }
    bump(C_IP6);
  } else { bump(C_OTHER); return XDP_PASS; }
  key.proto = l4;
  __u8 flags = 0;
  if (l4 == 6) {
    struct tcphdr *t = nh;
    if ((void *)(t + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    if ((t->doff >> 4) < 5) { bump(C_BAD); return XDP_DROP; }
    key.sport = t->source; key.dport = t->dest; flags = t->flags; bump(C_TCP);
  } else if (l4 == 17) {
    struct udphdr *u = nh;
    if ((void *)(u + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    if (bswap16(u->len) < sizeof(*u)) { bump(C_BAD); return XDP_DROP; }
    key.sport = u->source; key.dport = u->dest; bump(C_UDP);
  } else if (l4 == 1 || l4 == 58) {
    struct icmphdr *c = nh;
    if ((void *)(c + 1) > end) { bump(C_SHORT); return XDP_DROP; }
    key.sport = c->type; key.dport = c->code; bump(C_ICMP);
  } else { bump(C_OTHER); }
  __u32 port = bswap16(key.dport);
  __u32 *rule = bpf_map_lookup_elem(&policy, &port);
  if (rule && *rule == 0) { bump(C_DENY); return XDP_DROP; }
  __u32 h = 0x9747b28c;
#pragma unroll
  for (int i = 0; i < 4; i++) { h = mix(h, key.src[i]); h = mix(h, key.dst[i]); }
  h = mix(h, ((__u32)key.sport << 16) | key.dport);
  h = mix(h, ((__u32)key.proto << 24) | ((__u32)key.family << 16) | key.vlan);
  h ^= h >> 16; h *= 0x85ebca6b; h ^= h >> 13; h *= 0xc2b2ae35; h ^= h >> 16;
  __u32 b = h & 255;
  __u64 *bc = bpf_map_lookup_elem(&buckets, &b);
  if (bc) __sync_fetch_and_add(bc, 1);
  __u64 now = bpf_ktime_get_ns();
  struct fstats *s = bpf_map_lookup_elem(&flowstats, &key);
  if (s) {
    __sync_fetch_and_add(&s->packets, 1); __sync_fetch_and_add(&s->bytes, len);
    if (flags & 0x02) __sync_fetch_and_add(&s->syn, 1);
    if (flags & 0x01) __sync_fetch_and_add(&s->fin, 1);
    if (flags & 0x04) __sync_fetch_and_add(&s->rst, 1);
    s->last_ns = now;
  } else {
    struct fstats n = { .packets = 1, .bytes = len, .syn = !!(flags & 2), .fin = flags & 1, .rst = !!(flags & 4), .first_ns = now, .last_ns = now };
    bpf_map_update_elem(&flowstats, &key, &n, BPF_ANY);
    bump(C_NEW);
  }
  return (rule && *rule == 2) ? XDP_TX : XDP_PASS;
}
char _license[] SEC("license") = "GPL";
