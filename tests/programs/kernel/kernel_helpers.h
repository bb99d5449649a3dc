/* What the kernel-engine test programs need beyond bpf_helpers.h: more helpers by id, the
 * context structs of the hooks they attach to, and CO-RE macros (no kernel headers). */
#ifndef EBPY_TEST_KERNEL_HELPERS_H
#define EBPY_TEST_KERNEL_HELPERS_H
#include "bpf_helpers.h"

#define BPF_F_CURRENT_CPU 0xffffffffULL
#define __u128 unsigned __int128

static long (*bpf_perf_event_output)(void *ctx, void *map, __u64 flags, void *data, __u64 size) = (void *)25;
static __u32 (*bpf_get_smp_processor_id)(void) = (void *)8;
static __u64 (*bpf_get_current_task)(void) = (void *)35;
static long (*bpf_probe_read_user)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)112;
static long (*bpf_probe_read_kernel)(void *dst, __u32 size, const void *unsafe_ptr) = (void *)113;
static void *(*bpf_ringbuf_reserve)(void *ringbuf, __u64 size, __u64 flags) = (void *)131;
static void (*bpf_ringbuf_submit)(void *data, __u64 flags) = (void *)132;
static void (*bpf_ringbuf_discard)(void *data, __u64 flags) = (void *)133;

/* CO-RE, as libbpf's bpf_core_read.h spells it. */
#define bpf_core_field_exists(field) __builtin_preserve_field_info(field, 2)
#define bpf_core_field_size(field) __builtin_preserve_field_info(field, 1)
#define bpf_core_field_offset(field) __builtin_preserve_field_info(field, 0)
#define bpf_core_type_exists(type) __builtin_preserve_type_info(*(type *)0, 0)
#define bpf_core_type_size(type) __builtin_preserve_type_info(*(type *)0, 1)
#define bpf_core_enum_value_exists(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, 0)
#define bpf_core_enum_value(enum_type, enum_value) \
	__builtin_preserve_enum_value(*(typeof(enum_type) *)enum_value, 1)
#define BPF_CORE_READ_INTO(dst, src, field) \
	bpf_probe_read_kernel(dst, sizeof(*(dst)), __builtin_preserve_access_index(&(src)->field))

/* struct bpf_sock_addr (cgroup/connect4 and friends). */
struct bpf_sock_addr {
	__u32 user_family;
	__u32 user_ip4;
	__u32 user_ip6[4];
	__u32 user_port;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 msg_src_ip4;
	__u32 msg_src_ip6[4];
	__u64 sk;
};

/* The first fields of struct __sk_buff (socket filters, tc). */
struct sk_buff_head {
	__u32 len;
	__u32 pkt_type;
	__u32 mark;
	__u32 queue_mapping;
	__u32 protocol;
};

/* struct bpf_sk_lookup. */
struct bpf_sk_lookup {
	__u64 sk;
	__u32 family;
	__u32 protocol;
	__u32 remote_ip4;
	__u32 remote_ip6[4];
	__u16 remote_port;
	__u16 pad;
	__u32 local_ip4;
	__u32 local_ip6[4];
	__u32 local_port;
	__u32 ingress_ifindex;
};

/* struct pt_regs argument and return registers (uprobes). */
#if defined(__TARGET_ARCH_arm64)
#define PT_REGS_PARM1(ctx) (((__u64 *)(ctx))[0])
#define PT_REGS_PARM2(ctx) (((__u64 *)(ctx))[1])
#define PT_REGS_RC(ctx) (((__u64 *)(ctx))[0])
#else /* x86_64: di at byte 112, si at 104, ax at 80 */
#define PT_REGS_PARM1(ctx) (((__u64 *)(ctx))[14])
#define PT_REGS_PARM2(ctx) (((__u64 *)(ctx))[13])
#define PT_REGS_RC(ctx) (((__u64 *)(ctx))[10])
#endif

#endif
