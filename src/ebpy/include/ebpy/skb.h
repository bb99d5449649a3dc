/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ebpy/skb.h: programs whose context is a socket buffer: tc classifiers and actions
 * (SEC("tc"), SEC("action")), socket filters (SEC("socket")) and cgroup_skb programs
 * (SEC("cgroup_skb/ingress"), SEC("cgroup_skb/egress")), on ebpy's engines and in the kernel.
 *
 * The context is the kernel's struct __sk_buff, laid out exactly as <linux/bpf.h> does (the
 * kernel rewrites each field access; ebpy's engines see the same offsets). Also here: the
 * socket views (struct bpf_sock, struct bpf_tcp_sock), the tc verdicts, what a socket filter
 * returns, the flags the sk_buff helpers take, and those helpers by kernel id. The protocol
 * headers come from ebpy/net.h, included here.
 *
 * Where data starts: tc programs see the frame from its Ethernet header; socket filters and
 * cgroup_skb programs see it from the network header (use bpf_skb_load_bytes_relative with
 * BPF_HDR_START_MAC to read the link layer there).
 */
#ifndef EBPY_SKB_H
#define EBPY_SKB_H

#include "bpf.h"
#include "net.h"

/* A pointer field of a context: 8 bytes on every architecture (the kernel's __bpf_md_ptr). */
#define __ebpy_md_ptr(type, name)                                              \
	union {                                                                \
		type name;                                                     \
		__u64 : 64;                                                    \
	} __attribute__((aligned(8)))

struct bpf_flow_keys; /* flow dissector programs only */
struct bpf_sock;

/* ---- the context ---------------------------------------------------------------------- */
struct __sk_buff {
	__u32 len;             /* bytes from data to the end of the packet */
	__u32 pkt_type;        /* PACKET_HOST, PACKET_BROADCAST, ... (bpf_skb_change_type) */
	__u32 mark;            /* writable by tc and cgroup_skb programs */
	__u32 queue_mapping;   /* transmit queue; writable by tc */
	__u32 protocol;        /* the ethertype, network byte order: == bpf_htons(ETH_P_IP) */
	__u32 vlan_present;    /* 1 when a VLAN tag is held outside the packet (bpf_skb_vlan_push) */
	__u32 vlan_tci;        /* that tag's TCI, host byte order */
	__u32 vlan_proto;      /* and its protocol, network byte order */
	__u32 priority;        /* writable by tc and cgroup_skb programs */
	__u32 ingress_ifindex; /* device the packet came in on */
	__u32 ifindex;         /* device it is on now */
	__u32 tc_index;        /* writable by tc */
	__u32 cb[5];           /* scratch space passed between programs; writable by all */
	__u32 hash;            /* the flow hash (bpf_get_hash_recalc, bpf_set_hash) */
	__u32 tc_classid;      /* writable by tc (direct-action classifiers) */
	__u32 data;            /* first byte of the packet (load as a pointer: (void *)(long)) */
	__u32 data_end;        /* one past the last byte; check every access against it */
	__u32 napi_id;

	/* The socket's addresses (cgroup_skb; sk_skb programs): */
	__u32 family;
	__u32 remote_ip4;    /* network byte order */
	__u32 local_ip4;     /* network byte order */
	__u32 remote_ip6[4]; /* network byte order */
	__u32 local_ip6[4];  /* network byte order */
	__u32 remote_port;   /* network byte order */
	__u32 local_port;    /* host byte order */

	__u32 data_meta; /* metadata in front of data (tc only) */
	__ebpy_md_ptr(struct bpf_flow_keys *, flow_keys);
	__u64 tstamp;      /* writable by tc and cgroup_skb programs */
	__u32 wire_len;    /* the packet's length on the wire */
	__u32 gso_segs;
	__ebpy_md_ptr(struct bpf_sock *, sk); /* the socket behind the packet, or NULL */
	__u32 gso_size;
	__u8 tstamp_type;
	__u32 : 24; /* padding */
	__u64 hwtstamp;
};

/* ---- the socket behind a packet ------------------------------------------------------- */
struct bpf_sock {
	__u32 bound_dev_if;
	__u32 family;
	__u32 type;
	__u32 protocol;
	__u32 mark;
	__u32 priority;
	__u32 src_ip4;    /* network byte order */
	__u32 src_ip6[4]; /* network byte order */
	__u32 src_port;   /* host byte order */
	__be16 dst_port;  /* network byte order */
	__u16 : 16;       /* padding */
	__u32 dst_ip4;
	__u32 dst_ip6[4];
	__u32 state;
	__s32 rx_queue_mapping; /* -1 when none was recorded */
};

/* bpf_tcp_sock(sk): a TCP socket's counters (read-only). */
struct bpf_tcp_sock {
	__u32 snd_cwnd;
	__u32 srtt_us;
	__u32 rtt_min;
	__u32 snd_ssthresh;
	__u32 rcv_nxt;
	__u32 snd_nxt;
	__u32 snd_una;
	__u32 mss_cache;
	__u32 ecn_flags;
	__u32 rate_delivered;
	__u32 rate_interval_us;
	__u32 packets_out;
	__u32 retrans_out;
	__u32 total_retrans;
	__u32 segs_in;
	__u32 data_segs_in;
	__u32 segs_out;
	__u32 data_segs_out;
	__u32 lost_out;
	__u32 sacked_out;
	__u64 bytes_received;
	__u64 bytes_acked;
	__u32 dsack_dups;
	__u32 delivered;
	__u32 delivered_ce;
	__u32 icsk_retransmits;
};

/* ---- verdicts ------------------------------------------------------------------------- */
/* What a tc program returns (direct-action mode, as SEC("tc") programs are attached). */
enum {
	TC_ACT_UNSPEC = -1,    /* the configured default action */
	TC_ACT_OK = 0,         /* let the packet through */
	TC_ACT_RECLASSIFY = 1, /* classify it again from the first filter */
	TC_ACT_SHOT = 2,       /* drop it */
	TC_ACT_PIPE = 3,       /* go on with the next action */
	TC_ACT_STOLEN = 4,     /* consumed: drop it without counting a drop */
	TC_ACT_QUEUED = 5,
	TC_ACT_REPEAT = 6,
	TC_ACT_REDIRECT = 7, /* send it where bpf_redirect said */
	TC_ACT_TRAP = 8,
};

/*
 * A socket filter returns how many bytes of the packet the socket receives: 0 drops it, a
 * number smaller than the packet's length truncates it, and anything larger (say -1, or
 * skb->len) keeps it whole. A cgroup_skb program returns 1 to let the packet through and 0
 * to drop it (bit 1 of an egress verdict asks for congestion notification).
 */

/* skb->pkt_type (bpf_skb_change_type moves a packet between these four) */
enum {
	PACKET_HOST = 0,      /* for this host */
	PACKET_BROADCAST = 1, /* to everyone on the link */
	PACKET_MULTICAST = 2, /* to a group */
	PACKET_OTHERHOST = 3, /* for someone else */
};

/* ---- flags the sk_buff helpers take --------------------------------------------------- */
/* bpf_skb_store_bytes */
enum {
	BPF_F_RECOMPUTE_CSUM = (1ULL << 0), /* keep skb->csum right for CHECKSUM_COMPLETE */
	BPF_F_INVALIDATE_HASH = (1ULL << 1), /* clear skb->hash: the flow may have changed */
};

/* bpf_l3_csum_replace and bpf_l4_csum_replace: the low bits give the changed field's size
 * (2 or 4 bytes; 0: `to` is a bpf_csum_diff result and `from` must be 0). */
enum {
	BPF_F_HDR_FIELD_MASK = 0xfULL,
};

/* bpf_l4_csum_replace */
enum {
	BPF_F_PSEUDO_HDR = (1ULL << 4),     /* the field is in the pseudo-header (an address) */
	BPF_F_MARK_MANGLED_0 = (1ULL << 5), /* UDP: a zero result is written as 0xffff, and a
					       zero (no checksum) checksum is left alone */
	BPF_F_MARK_ENFORCE = (1ULL << 6),   /* with MARK_MANGLED_0: update a zero checksum too */
	BPF_F_IPV6 = (1ULL << 7),           /* size 0 on an IPv6 packet (no skb->csum update) */
};

/* bpf_skb_adjust_room */
enum bpf_adj_room_mode {
	BPF_ADJ_ROOM_NET = 0, /* make or remove room after the network header */
	BPF_ADJ_ROOM_MAC = 1, /* make or remove room after the MAC header */
};
enum {
	BPF_F_ADJ_ROOM_FIXED_GSO = (1ULL << 0),
	BPF_F_ADJ_ROOM_ENCAP_L3_IPV4 = (1ULL << 1),
	BPF_F_ADJ_ROOM_ENCAP_L3_IPV6 = (1ULL << 2),
	BPF_F_ADJ_ROOM_ENCAP_L4_GRE = (1ULL << 3),
	BPF_F_ADJ_ROOM_ENCAP_L4_UDP = (1ULL << 4),
	BPF_F_ADJ_ROOM_NO_CSUM_RESET = (1ULL << 5),
	BPF_F_ADJ_ROOM_ENCAP_L2_ETH = (1ULL << 6),
	BPF_F_ADJ_ROOM_DECAP_L3_IPV4 = (1ULL << 7),
	BPF_F_ADJ_ROOM_DECAP_L3_IPV6 = (1ULL << 8),
};

/* bpf_skb_load_bytes_relative: where offsets count from */
enum bpf_hdr_start_off {
	BPF_HDR_START_MAC = 0,
	BPF_HDR_START_NET = 1,
};

/* bpf_csum_level */
enum {
	BPF_CSUM_LEVEL_QUERY = 0,
	BPF_CSUM_LEVEL_INC = 1,
	BPF_CSUM_LEVEL_DEC = 2,
	BPF_CSUM_LEVEL_RESET = 3,
};

/* ---- sk_buff helpers, by kernel id ---------------------------------------------------- *
 * Helpers that move or rewrite the packet (store_bytes, the csum_replace pair, clone_redirect,
 * vlan push/pop, change_proto/tail/head, pull_data, adjust_room) invalidate every packet
 * pointer: load skb->data and skb->data_end again and check bounds again after them.
 * Not every program type may call every helper: tc programs may call them all; socket filters
 * and cgroup_skb programs only the two loads and the socket helpers.
 */
static long (*bpf_skb_store_bytes)(struct __sk_buff *skb, __u32 offset, const void *from,
				   __u32 len, __u64 flags) = (void *)9;
static long (*bpf_l3_csum_replace)(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to,
				   __u64 size) = (void *)10;
static long (*bpf_l4_csum_replace)(struct __sk_buff *skb, __u32 offset, __u64 from, __u64 to,
				   __u64 flags) = (void *)11;
static long (*bpf_clone_redirect)(struct __sk_buff *skb, __u32 ifindex, __u64 flags) = (void *)13;
static long (*bpf_skb_vlan_push)(struct __sk_buff *skb, __be16 vlan_proto,
				 __u16 vlan_tci) = (void *)18;
static long (*bpf_skb_vlan_pop)(struct __sk_buff *skb) = (void *)19;
static long (*bpf_skb_load_bytes)(const void *skb, __u32 offset, void *to, __u32 len) = (void *)26;
static long (*bpf_skb_change_proto)(struct __sk_buff *skb, __be16 proto,
				    __u64 flags) = (void *)31;
static long (*bpf_skb_change_type)(struct __sk_buff *skb, __u32 type) = (void *)32;
static __u32 (*bpf_get_hash_recalc)(struct __sk_buff *skb) = (void *)34;
static long (*bpf_skb_change_tail)(struct __sk_buff *skb, __u32 len, __u64 flags) = (void *)38;
static long (*bpf_skb_pull_data)(struct __sk_buff *skb, __u32 len) = (void *)39;
static __s64 (*bpf_csum_update)(struct __sk_buff *skb, __wsum csum) = (void *)40;
static void (*bpf_set_hash_invalid)(struct __sk_buff *skb) = (void *)41;
static long (*bpf_skb_change_head)(struct __sk_buff *skb, __u32 len, __u64 flags) = (void *)43;
static long (*bpf_set_hash)(struct __sk_buff *skb, __u32 hash) = (void *)48;
static long (*bpf_skb_adjust_room)(struct __sk_buff *skb, __s32 len_diff, __u32 mode,
				   __u64 flags) = (void *)50;
static long (*bpf_skb_load_bytes_relative)(const void *skb, __u32 offset, void *to, __u32 len,
					   __u32 start_header) = (void *)68;
static long (*bpf_csum_level)(struct __sk_buff *skb, __u64 level) = (void *)135;

/* ---- socket helpers ------------------------------------------------------------------- */
static __u64 (*bpf_get_socket_cookie)(void *ctx) = (void *)46;
static __u32 (*bpf_get_socket_uid)(struct __sk_buff *skb) = (void *)47;
static __u64 (*bpf_skb_cgroup_id)(struct __sk_buff *skb) = (void *)79;
static __u64 (*bpf_skb_ancestor_cgroup_id)(struct __sk_buff *skb, int ancestor_level) = (void *)83;
static struct bpf_sock *(*bpf_sk_fullsock)(struct bpf_sock *sk) = (void *)95;
static struct bpf_tcp_sock *(*bpf_tcp_sock)(struct bpf_sock *sk) = (void *)96;
static struct bpf_sock *(*bpf_get_listener_sock)(struct bpf_sock *sk) = (void *)98;
static __u64 (*bpf_sk_cgroup_id)(void *sk) = (void *)128;
static __u64 (*bpf_sk_ancestor_cgroup_id)(void *sk, int ancestor_level) = (void *)129;

#endif /* EBPY_SKB_H */
