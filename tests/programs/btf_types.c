/* A zoo of C types, all reachable from global variables so that clang emits them to BTF:
 * bitfields, unions, anonymous members, signed/unsigned/64-bit enums, typedefs, qualifiers,
 * function pointers (variadic too), multi-dimensional arrays, floats, _Bool, __int128,
 * forward declarations, and decl/type tags. */
#include "bpf_helpers.h"

#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __ttag(x) __attribute__((btf_type_tag(x)))

enum color { RED, GREEN = 5, BLUE };
enum sign { NEG = -2, POS = 3 };
enum big { HUGE = 0x123456789ULL, TINY = 1 };
typedef __u32 handle_t;
struct opaque;

struct bits {
	__u32 a : 3;
	__s32 b : 5;
	__u32 : 0;
	__u16 c : 9;
	enum color col : 4;
	bool flag : 1;
	__u8 tail;
} __tag("bits_tag");

union number { __u32 u; __s32 s; float f; __u8 raw[4]; };

struct nested {
	struct {
		__u16 x, y;
	};
	union {
		__u32 word;
		__u8 bytes[4];
	};
	struct bits bf;
	char name[12];
	__u8 mac[6];
	__s16 grid[2][3];
	__u64 *ptr;
	struct opaque *hidden;
	int (*cb)(void *ctx, __u32 n);
	long (*printk)(const char *fmt, __u32 size, ...);
	const volatile handle_t handle;
	int *restrict rp;
	int __ttag("user") *user_ptr;
	double ratio;
	__int128 wide;
	unsigned __int128 uwide;
	bool ok;
	enum sign sg;
	enum big bg;
	union number num;
} __tag("nested_tag");

struct nested zoo;
union number num_global;
int tagged_var __tag("var_tag") = 1;

__noinline int tagged_func(int x __tag("param_tag")) { return x + zoo.bf.a; }

SEC("xdp") int btf_types(struct xdp_md *ctx) { return tagged_func(zoo.ok) + num_global.s + tagged_var; }

char _license[] SEC("license") = "GPL";

/* Initialised values: the compiler lays these out, so decoding them checks our codecs against
 * its idea of bitfields, unions and anonymous members. */
struct bits init_bits = { .a = 5, .b = -3, .c = 300, .col = BLUE, .flag = 1, .tail = 0x7f };
struct nested init_nested = {
	.x = 1, .y = 2, .word = 0x04030201, .bf = { .a = 7, .b = -16, .c = 511, .col = GREEN },
	.name = "hello", .mac = { 0xde, 0xad, 0xbe, 0xef, 0, 1 }, .grid = { { 1, -2, 3 }, { -4, 5, -6 } },
	.ratio = 2.5, .wide = -12345678901234567, .uwide = 98765432109876543, .ok = 1, .sg = NEG,
	.bg = HUGE, .num = { .s = -7 },
};
