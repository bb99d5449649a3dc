/* CO-RE reads of a struct whose layout differs in the target BTF (core_target.c): direct
 * loads, bitfields, array elements, nested members, a wider field, a missing one, enums. */
#include "kernel/kernel_helpers.h"

struct thing {
	int a;
	unsigned int flags : 3;
	int sflags : 5;
	char name[8];
	struct {
		int x, y;
	} pts[4];
	unsigned int small;
	long long big;
	int gone;
} __attribute__((preserve_access_index));

enum color { RED, GREEN, BLUE, PURPLE };

#define __CORE_RELO(src, field, info) __builtin_preserve_field_info((src)->field, info)
/* libbpf's BPF_CORE_READ_BITFIELD: load the relocated bytes, shift the field out. */
#define READ_BITFIELD(s, field) ({                                                        \
	const void *p = (const void *)s + __CORE_RELO(s, field, 0);                       \
	unsigned long long val;                                                          \
	asm volatile("" : "=r"(p) : "0"(p));                                              \
	switch (__CORE_RELO(s, field, 1)) {                                               \
	case 1: val = *(const unsigned char *)p; break;                                   \
	case 2: val = *(const unsigned short *)p; break;                                  \
	case 4: val = *(const unsigned int *)p; break;                                    \
	case 8: val = *(const unsigned long long *)p; break;                              \
	default: val = 0; break;                                                          \
	}                                                                                \
	val <<= __CORE_RELO(s, field, 4);                                                 \
	if (__CORE_RELO(s, field, 3))                                                     \
		val = ((long long)val) >> __CORE_RELO(s, field, 5);                           \
	else                                                                             \
		val = val >> __CORE_RELO(s, field, 5);                                        \
	val;                                                                             \
})

__s64 a, flags, sflags, pts2y, small, big, gone = 7;
__s64 name1;
__u64 name_off, name_size, thing_size, has_gone, red, blue, has_purple;

SEC("xdp") int read_thing(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	if (data + 256 > end)
		return XDP_ABORTED;
	struct thing *t = data;
	a = t->a;
	flags = READ_BITFIELD(t, flags);
	sflags = READ_BITFIELD(t, sflags);
	pts2y = t->pts[2].y;
	small = t->small;
	big = t->big;
	name1 = t->name[1];
	name_off = bpf_core_field_offset(t->name);
	name_size = bpf_core_field_size(t->name);
	thing_size = bpf_core_type_size(struct thing);
	has_gone = bpf_core_field_exists(t->gone);
	if (bpf_core_field_exists(t->gone))
		gone = t->gone;
	red = bpf_core_enum_value(enum color, RED);
	blue = bpf_core_enum_value(enum color, BLUE);
	has_purple = bpf_core_enum_value_exists(enum color, PURPLE);
	return XDP_PASS;
}

char _license[] SEC("license") = "GPL";
