/* Global data in every kind of section: .rodata (const volatile constants), .data, .bss,
 * named .rodata.* / .data.* / .bss.* sections, and string literals (.rodata.str1.1). */
#include "bpf_helpers.h"

struct config {
	__u32 port;
	__u8 mac[6];
	__u16 flags;
};

const volatile __u32 min_ttl = 2;
const volatile __s32 offset = -5;
const volatile struct config cfg = { .port = 80, .mac = { 1, 2, 3, 4, 5, 6 }, .flags = 3 };
const volatile char banner[8] = "ebpy";
__u64 packets = 7;
__u32 drops;
__u64 counters[4] SEC(".data.counters") = { 1, 2, 3, 4 };
const volatile __u32 limits[2] SEC(".rodata.limits") = { 100, 200 };
__u32 scratch[8] SEC(".bss.scratch");
static __u32 hidden_counter = 11;

SEC("xdp") int globals(struct xdp_md *ctx)
{
	__u32 ttl = min_ttl;
	packets++;
	drops += 1;
	counters[1] += limits[1];
	scratch[3] = cfg.port;
	hidden_counter++;
	bpf_trace_printk("ttl %d\n", sizeof("ttl %d\n"), ttl);
	/* 2 + (-5) + 80 + 11 + 'e' */
	return ttl + offset + cfg.port + hidden_counter - 1 + banner[0];
}

char _license[] SEC("license") = "GPL";
