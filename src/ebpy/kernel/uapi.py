"""Kernel constants of the bpf() interface (values from <linux/bpf.h>) that the spec layer lacks."""

from __future__ import annotations

from enum import IntEnum, IntFlag

BPF_OBJ_NAME_LEN = 16  # map_name / prog_name, NUL included
BPF_TAG_SIZE = 8


class Cmd(IntEnum):
    """enum bpf_cmd: the first argument of bpf()."""

    MAP_CREATE = 0
    MAP_LOOKUP_ELEM = 1
    MAP_UPDATE_ELEM = 2
    MAP_DELETE_ELEM = 3
    MAP_GET_NEXT_KEY = 4
    PROG_LOAD = 5
    OBJ_PIN = 6
    OBJ_GET = 7
    PROG_ATTACH = 8
    PROG_DETACH = 9
    PROG_TEST_RUN = 10
    PROG_GET_NEXT_ID = 11
    MAP_GET_NEXT_ID = 12
    PROG_GET_FD_BY_ID = 13
    MAP_GET_FD_BY_ID = 14
    OBJ_GET_INFO_BY_FD = 15
    PROG_QUERY = 16
    RAW_TRACEPOINT_OPEN = 17
    BTF_LOAD = 18
    BTF_GET_FD_BY_ID = 19
    TASK_FD_QUERY = 20
    MAP_LOOKUP_AND_DELETE_ELEM = 21
    MAP_FREEZE = 22
    BTF_GET_NEXT_ID = 23
    MAP_LOOKUP_BATCH = 24
    MAP_LOOKUP_AND_DELETE_BATCH = 25
    MAP_UPDATE_BATCH = 26
    MAP_DELETE_BATCH = 27
    LINK_CREATE = 28
    LINK_UPDATE = 29
    LINK_GET_FD_BY_ID = 30
    LINK_GET_NEXT_ID = 31
    ENABLE_STATS = 32
    ITER_CREATE = 33
    LINK_DETACH = 34
    PROG_BIND_MAP = 35
    TOKEN_CREATE = 36
    PROG_STREAM_READ_BY_FD = 37


class LogLevel(IntFlag):
    """log_level bits of BPF_PROG_LOAD and BPF_BTF_LOAD."""

    NONE = 0
    VERBOSE = 1  # BPF_LOG_LEVEL1: the instructions walked and the register state at branches
    VERY_VERBOSE = 2  # BPF_LOG_LEVEL2: the state after every instruction
    STATS = 4  # BPF_LOG_STATS: processed insns, states, verification time
    FIXED = 8  # BPF_LOG_FIXED: keep the log's beginning instead of rotating (kernel >= 6.4)


class ProgFlags(IntFlag):
    """prog_flags of BPF_PROG_LOAD."""

    NONE = 0
    STRICT_ALIGNMENT = 1 << 0
    ANY_ALIGNMENT = 1 << 1
    TEST_RND_HI32 = 1 << 2
    TEST_STATE_FREQ = 1 << 3
    SLEEPABLE = 1 << 4
    XDP_HAS_FRAGS = 1 << 5
    XDP_DEV_BOUND_ONLY = 1 << 6
    TEST_REG_INVARIANTS = 1 << 7
    TOKEN_FD = 1 << 16


class RunFlags(IntFlag):
    """flags of BPF_PROG_TEST_RUN (BPF_F_TEST_*)."""

    NONE = 0
    RUN_ON_CPU = 1 << 0
    XDP_LIVE_FRAMES = 1 << 1
    SKB_CHECKSUM_COMPLETE = 1 << 2


class AttachFlags(IntFlag):
    """attach_flags of BPF_PROG_ATTACH (cgroup programs and tcx / mprog ordering)."""

    NONE = 0
    ALLOW_OVERRIDE = 1 << 0
    ALLOW_MULTI = 1 << 1
    REPLACE = 1 << 2
    BEFORE = 1 << 3
    AFTER = 1 << 4
    ID = 1 << 5
    LINK = 1 << 13


class ObjFlags(IntFlag):
    """file_flags of BPF_OBJ_GET and open_flags of BPF_*_GET_FD_BY_ID."""

    NONE = 0
    RDONLY = 1 << 3
    WRONLY = 1 << 4
    PATH_FD = 1 << 14


class StatsType(IntEnum):
    """enum bpf_stats_type, for BPF_ENABLE_STATS."""

    RUN_TIME = 0


class LinkType(IntEnum):
    """enum bpf_link_type (what bpf_link_info.type reports)."""

    UNSPEC = 0
    RAW_TRACEPOINT = 1
    TRACING = 2
    CGROUP = 3
    ITER = 4
    NETNS = 5
    XDP = 6
    PERF_EVENT = 7
    KPROBE_MULTI = 8
    STRUCT_OPS = 9
    NETFILTER = 10
    TCX = 11
    UPROBE_MULTI = 12
    NETKIT = 13
    SOCKMAP = 14
