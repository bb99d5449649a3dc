/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ebpy/xdp.h: XDP programs for ebpy's packet hook (`ebpy xdp`) and for the kernel.
 *
 * The context is the kernel's struct xdp_md, so the same object runs on a pcap capture, inline
 * between two interfaces, and attached to a real interface. Also here: the XDP verdicts and
 * the XDP helpers. The protocol headers (Ethernet, VLAN, ARP, IPv4, IPv6, ICMP, TCP, UDP) and
 * bpf_redirect come from ebpy/net.h, included here.
 */
#ifndef EBPY_XDP_H
#define EBPY_XDP_H

#include "bpf.h"
#include "net.h"

/* ---- the context ---------------------------------------------------------------------- */
struct xdp_md {
	__u32 data;            /* first byte of the frame (load as a pointer: (void *)(long)) */
	__u32 data_end;        /* one past the last byte; check every access against it */
	__u32 data_meta;       /* metadata in front of data (bpf_xdp_adjust_meta), else == data */
	__u32 ingress_ifindex; /* interface the frame came in on (1 for captures) */
	__u32 rx_queue_index;  /* receive queue (0 for ebpy's hooks) */
	__u32 egress_ifindex;  /* only for programs in a devmap; 0 otherwise */
};

enum xdp_action {
	XDP_ABORTED = 0, /* an error: the frame is dropped and counted as aborted */
	XDP_DROP,        /* drop the frame */
	XDP_PASS,        /* let it through (ebpy: written to --out, or forwarded to --peer) */
	XDP_TX,          /* send it back out the interface it came in on */
	XDP_REDIRECT,    /* send it where bpf_redirect/bpf_redirect_map said */
};

/* The value of a devmap entry with a program (a __u32 ifindex alone also works). */
struct bpf_devmap_val {
	__u32 ifindex;
	union {
		int fd;
		__u32 id;
	} bpf_prog;
};

/* ---- packet helpers ------------------------------------------------------------------- */
static long (*bpf_xdp_adjust_head)(struct xdp_md *xdp_md, int delta) = (void *)44;
static long (*bpf_redirect_map)(void *map, __u64 key, __u64 flags) = (void *)51;
static long (*bpf_xdp_adjust_meta)(struct xdp_md *xdp_md, int delta) = (void *)54;
static long (*bpf_xdp_adjust_tail)(struct xdp_md *xdp_md, int delta) = (void *)65;

#endif /* EBPY_XDP_H */
