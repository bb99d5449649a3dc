/* The "other kernel" for core_local.c: the same struct (with a flavour suffix) laid out
 * differently; clang's own layout of a sample value is the truth the test compares with. */
#include "kernel/kernel_helpers.h"

struct thing___v2 {
	long long big;
	char pad[3];
	int sflags : 5;
	unsigned int flags : 3;
	struct {
		int y, x;
	} pts[5];
	char name[12];
	unsigned long long small;
	int a;
};

enum color { BLUE = 7, RED = 9, GREEN = 11 };

const volatile struct thing___v2 sample = {
	.big = -5,
	.sflags = -3,
	.flags = 5,
	.pts = { [2] = { .y = 42, .x = 1 } },
	.name = "abcdefghijk",
	.small = 123456,
	.a = 77,
};
const volatile enum color some_color = RED;
const volatile __u32 size_of_thing = sizeof(struct thing___v2);
const volatile __u32 offset_of_name = __builtin_offsetof(struct thing___v2, name);
