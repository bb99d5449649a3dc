/* CO-RE relocations: field offsets, existence, sizes and signedness through
 * preserve_access_index, type and enum value relocations through the builtins. */
#include "bpf_helpers.h"

struct task {
	int pid;
	struct { __u64 start; __u64 end; } times[2];
	__s16 prio;
} __attribute__((preserve_access_index));

enum state { RUNNING = 0, SLEEPING = 1 };

SEC("raw_tracepoint/sched_switch") int core(void *ctx)
{
	struct task *t = *(struct task **)ctx;
	int off = __builtin_preserve_field_info(t->prio, 0);     /* FIELD_BYTE_OFFSET */
	int exists = __builtin_preserve_field_info(t->pid, 2);   /* FIELD_EXISTS */
	int size = __builtin_preserve_field_info(t->times[1].end, 1); /* FIELD_BYTE_SIZE */
	int sgn = __builtin_preserve_field_info(t->prio, 3);     /* FIELD_SIGNED */
	int tsize = __builtin_preserve_type_info(*(struct task *)0, 1); /* TYPE_SIZE */
	int has_enum = __builtin_preserve_enum_value(*(enum state *)SLEEPING, 0); /* ENUMVAL_EXISTS */
	return off + exists + size + sgn + tsize + has_enum;
}

char _license[] SEC("license") = "GPL";
