#include "bpf_mini.h"
/* Straight-line hashing of the first 64 bytes: SipHash-1-3 over eight 64-bit words and a
 * bitwise CRC-32 over the first 8, both fully unrolled (about 900 instructions; the CRC step branches);
 * the hashes pick a counter and the verdict. */
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 64); __type(key, __u32); __type(value, __u64); } hits SEC(".maps");
#define ROTL(x, b) (((x) << (b)) | ((x) >> (64 - (b))))
#define SIPROUND do { v0 += v1; v1 = ROTL(v1, 13); v1 ^= v0; v0 = ROTL(v0, 32); \
  v2 += v3; v3 = ROTL(v3, 16); v3 ^= v2; v0 += v3; v3 = ROTL(v3, 21); v3 ^= v0; \
  v2 += v1; v1 = ROTL(v1, 17); v1 ^= v2; v2 = ROTL(v2, 32); } while (0)
SEC("xdp") int xdp_hash(struct xdp_md *ctx) {
  __u8 *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
  if (data + 64 > end) return XDP_PASS;
  __u64 *w = (__u64 *)data;
  __u64 v0 = 0x736f6d6570736575ULL, v1 = 0x646f72616e646f6dULL, v2 = 0x6c7967656e657261ULL, v3 = 0x7465646279746573ULL;
#pragma unroll
  for (int i = 0; i < 8; i++) { __u64 m = w[i]; v3 ^= m; SIPROUND; v0 ^= m; }
  v3 ^= 64ULL << 56; SIPROUND; v0 ^= 64ULL << 56;
  v2 ^= 0xff; SIPROUND; SIPROUND; SIPROUND;
  __u64 sip = v0 ^ v1 ^ v2 ^ v3;
  __u32 crc = 0xffffffff;
#pragma unroll
  for (int i = 0; i < 8; i++) {
    crc ^= data[i];
#pragma unroll
    for (int b = 0; b < 8; b++) crc = (crc >> 1) ^ (0xedb88320 * (crc & 1));
  }
  crc = ~crc;
  __u32 k = (sip ^ crc) & 63;
  __u64 *c = bpf_map_lookup_elem(&hits, &k);
  if (c) __sync_fetch_and_add(c, 1);
  return (sip >> 63) ^ (crc & 1) ? XDP_PASS : XDP_DROP;
}
char _license[] SEC("license") = "GPL";
