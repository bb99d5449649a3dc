/* SPDX-License-Identifier: Apache-2.0 */
/*
 * ebpy/pyprobe.h: programs attached to Python functions (`ebpy.probe`, `ebpy pyprobe`).
 *
 * A probe program is in section "pyprobe" and runs when a probed function starts and when it
 * returns. Its context, field by field:
 *
 *   event     PYPROBE_ENTRY when the function starts, PYPROBE_RETURN when it returns (or
 *             leaves by an exception: then flags has PYPROBE_UNWIND and ret is 0)
 *   func_id   the function's index in the list given to the probe (its name table)
 *   ts_ns     when, in CLOCK_MONOTONIC nanoseconds (the clock of bpf_ktime_get_ns)
 *   tid       the native id of the Python thread (what bpf_get_current_pid_tgid reports in
 *             its low 32 bits; the high ones are the process id)
 *   args[6]   the first six positional parameters when they are Python ints (bool included),
 *             as 64-bit two's complement; 0 for anything else (entry events only)
 *   ret       the return value when it is an int (return events), else 0
 *   nargs     how many positional parameters the function has
 *   flags     PYPROBE_RET_INT: ret holds an int; PYPROBE_UNWIND: left by an exception;
 *             PYPROBE_ARG_INT(i): args[i] holds an int
 *
 * The return value of the program is ignored. Keep state in maps.
 */
#ifndef EBPY_PYPROBE_H
#define EBPY_PYPROBE_H

#include "bpf.h"

enum pyprobe_event {
	PYPROBE_ENTRY = 0,
	PYPROBE_RETURN = 1,
};

#define PYPROBE_RET_INT (1U << 0)
#define PYPROBE_UNWIND (1U << 1)
#define PYPROBE_ARG_INT(i) (1U << (8 + (i)))
#define PYPROBE_MAX_ARGS 6

struct pyprobe_ctx {
	__u32 event;
	__u32 func_id;
	__u64 ts_ns;
	__u64 tid;
	__s64 args[PYPROBE_MAX_ARGS];
	__s64 ret;
	__u32 nargs;
	__u32 flags;
};

/* floor(log2(v)) for v > 0, 0 for 0: the slot of a log2 histogram (ebpy.tools' convention) */
static __always_inline __u32 pyprobe_log2(__u64 v)
{
	__u32 r = 0;
	if (v >> 32) { v >>= 32; r += 32; }
	if (v >> 16) { v >>= 16; r += 16; }
	if (v >> 8) { v >>= 8; r += 8; }
	if (v >> 4) { v >>= 4; r += 4; }
	if (v >> 2) { v >>= 2; r += 2; }
	if (v >> 1) { r += 1; }
	return r;
}

#endif /* EBPY_PYPROBE_H */
