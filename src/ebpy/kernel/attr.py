"""`union bpf_attr` as ctypes structures, one per command group.

Each structure mirrors one member of the kernel's union (field names as in <linux/bpf.h>),
so `ctypes.sizeof(attr)` is what we pass as bpf()'s size argument: the kernel reads only the
bytes we pass and treats the rest as zero, which is how new fields stay optional on old
kernels. Pointers travel as u64 (the kernel's `__aligned_u64`). The offsets are checked against
the running kernel's BTF in tests/test_kernel_layout.py.
"""

from __future__ import annotations

import ctypes
from ctypes import c_char, c_int32, c_uint32, c_uint64

from ebpy.errors import LoadError
from ebpy.kernel.uapi import BPF_OBJ_NAME_LEN, BPF_TAG_SIZE

ObjName = c_char * BPF_OBJ_NAME_LEN


class MapCreateAttr(ctypes.Structure):
    """BPF_MAP_CREATE."""

    _fields_ = [
        ("map_type", c_uint32),
        ("key_size", c_uint32),
        ("value_size", c_uint32),
        ("max_entries", c_uint32),
        ("map_flags", c_uint32),
        ("inner_map_fd", c_uint32),
        ("numa_node", c_uint32),
        ("map_name", ObjName),
        ("map_ifindex", c_uint32),
        ("btf_fd", c_uint32),
        ("btf_key_type_id", c_uint32),
        ("btf_value_type_id", c_uint32),
        ("btf_vmlinux_value_type_id", c_uint32),
        ("map_extra", c_uint64),
        ("value_type_btf_obj_fd", c_int32),
        ("map_token_fd", c_int32),
    ]


class _ValueOrNextKey(ctypes.Union):
    _fields_ = [("value", c_uint64), ("next_key", c_uint64)]


class MapElemAttr(ctypes.Structure):
    """BPF_MAP_LOOKUP_ELEM, _UPDATE_ELEM, _DELETE_ELEM, _GET_NEXT_KEY, _LOOKUP_AND_DELETE_ELEM,
    and BPF_MAP_FREEZE (map_fd only)."""

    _anonymous_ = ("_u",)
    _fields_ = [
        ("map_fd", c_uint32),
        ("key", c_uint64),
        ("_u", _ValueOrNextKey),
        ("flags", c_uint64),
    ]


class MapBatchAttr(ctypes.Structure):
    """BPF_MAP_LOOKUP_BATCH, _LOOKUP_AND_DELETE_BATCH, _UPDATE_BATCH, _DELETE_BATCH (`batch`)."""

    _fields_ = [
        ("in_batch", c_uint64),
        ("out_batch", c_uint64),
        ("keys", c_uint64),
        ("values", c_uint64),
        ("count", c_uint32),
        ("map_fd", c_uint32),
        ("elem_flags", c_uint64),
        ("flags", c_uint64),
    ]


class _AttachProgOrBtfObj(ctypes.Union):
    _fields_ = [("attach_prog_fd", c_uint32), ("attach_btf_obj_fd", c_uint32)]


class ProgLoadAttr(ctypes.Structure):
    """BPF_PROG_LOAD."""

    _anonymous_ = ("_attach",)
    _fields_ = [
        ("prog_type", c_uint32),
        ("insn_cnt", c_uint32),
        ("insns", c_uint64),
        ("license", c_uint64),
        ("log_level", c_uint32),
        ("log_size", c_uint32),
        ("log_buf", c_uint64),
        ("kern_version", c_uint32),
        ("prog_flags", c_uint32),
        ("prog_name", ObjName),
        ("prog_ifindex", c_uint32),
        ("expected_attach_type", c_uint32),
        ("prog_btf_fd", c_uint32),
        ("func_info_rec_size", c_uint32),
        ("func_info", c_uint64),
        ("func_info_cnt", c_uint32),
        ("line_info_rec_size", c_uint32),
        ("line_info", c_uint64),
        ("line_info_cnt", c_uint32),
        ("attach_btf_id", c_uint32),
        ("_attach", _AttachProgOrBtfObj),
        ("core_relo_cnt", c_uint32),
        ("fd_array", c_uint64),
        ("core_relos", c_uint64),
        ("core_relo_rec_size", c_uint32),
        ("log_true_size", c_uint32),
        ("prog_token_fd", c_int32),
        ("fd_array_cnt", c_uint32),
    ]


class ObjPinAttr(ctypes.Structure):
    """BPF_OBJ_PIN and BPF_OBJ_GET."""

    _fields_ = [
        ("pathname", c_uint64),
        ("bpf_fd", c_uint32),
        ("file_flags", c_uint32),
        ("path_fd", c_int32),
    ]


class _TargetFdOrIfindex(ctypes.Union):
    _fields_ = [("target_fd", c_uint32), ("target_ifindex", c_uint32)]


class _RelativeFdOrId(ctypes.Union):
    _fields_ = [("relative_fd", c_uint32), ("relative_id", c_uint32)]


class ProgAttachAttr(ctypes.Structure):
    """BPF_PROG_ATTACH and BPF_PROG_DETACH."""

    _anonymous_ = ("_target", "_relative")
    _fields_ = [
        ("_target", _TargetFdOrIfindex),
        ("attach_bpf_fd", c_uint32),
        ("attach_type", c_uint32),
        ("attach_flags", c_uint32),
        ("replace_bpf_fd", c_uint32),
        ("_relative", _RelativeFdOrId),
        ("expected_revision", c_uint64),
    ]


class ProgRunAttr(ctypes.Structure):
    """BPF_PROG_TEST_RUN, also called BPF_PROG_RUN (`test`)."""

    _fields_ = [
        ("prog_fd", c_uint32),
        ("retval", c_uint32),
        ("data_size_in", c_uint32),
        ("data_size_out", c_uint32),
        ("data_in", c_uint64),
        ("data_out", c_uint64),
        ("repeat", c_uint32),
        ("duration", c_uint32),
        ("ctx_size_in", c_uint32),
        ("ctx_size_out", c_uint32),
        ("ctx_in", c_uint64),
        ("ctx_out", c_uint64),
        ("flags", c_uint32),
        ("cpu", c_uint32),
        ("batch_size", c_uint32),
    ]


class _IdUnion(ctypes.Union):
    _fields_ = [
        ("start_id", c_uint32),
        ("prog_id", c_uint32),
        ("map_id", c_uint32),
        ("btf_id", c_uint32),
        ("link_id", c_uint32),
    ]


class GetIdAttr(ctypes.Structure):
    """BPF_*_GET_NEXT_ID and BPF_*_GET_FD_BY_ID."""

    _anonymous_ = ("_id",)
    _fields_ = [
        ("_id", _IdUnion),
        ("next_id", c_uint32),
        ("open_flags", c_uint32),
        ("fd_by_id_token_fd", c_int32),
    ]


class InfoAttr(ctypes.Structure):
    """BPF_OBJ_GET_INFO_BY_FD (`info`)."""

    _fields_ = [("bpf_fd", c_uint32), ("info_len", c_uint32), ("info", c_uint64)]


class _ProgCntOrCount(ctypes.Union):
    _fields_ = [("prog_cnt", c_uint32), ("count", c_uint32)]


class ProgQueryAttr(ctypes.Structure):
    """BPF_PROG_QUERY (`query`)."""

    _anonymous_ = ("_target", "_cnt")
    _fields_ = [
        ("_target", _TargetFdOrIfindex),
        ("attach_type", c_uint32),
        ("query_flags", c_uint32),
        ("attach_flags", c_uint32),
        ("prog_ids", c_uint64),
        ("_cnt", _ProgCntOrCount),
        ("prog_attach_flags", c_uint64),
        ("link_ids", c_uint64),
        ("link_attach_flags", c_uint64),
        ("revision", c_uint64),
    ]


class RawTracepointAttr(ctypes.Structure):
    """BPF_RAW_TRACEPOINT_OPEN (`raw_tracepoint`)."""

    _fields_ = [("name", c_uint64), ("prog_fd", c_uint32), ("cookie", c_uint64)]


class BtfLoadAttr(ctypes.Structure):
    """BPF_BTF_LOAD."""

    _fields_ = [
        ("btf", c_uint64),
        ("btf_log_buf", c_uint64),
        ("btf_size", c_uint32),
        ("btf_log_size", c_uint32),
        ("btf_log_level", c_uint32),
        ("btf_log_true_size", c_uint32),
        ("btf_flags", c_uint32),
        ("btf_token_fd", c_int32),
    ]


# ---- BPF_LINK_CREATE: common head, then one target-specific member ---------------------------
class _ProgOrMapFd(ctypes.Union):
    _fields_ = [("prog_fd", c_uint32), ("map_fd", c_uint32)]


class LinkIterInfo(ctypes.Structure):
    _fields_ = [("iter_info", c_uint64), ("iter_info_len", c_uint32)]


class LinkPerfEvent(ctypes.Structure):
    _fields_ = [("bpf_cookie", c_uint64)]


class LinkKprobeMulti(ctypes.Structure):
    _fields_ = [
        ("flags", c_uint32),
        ("cnt", c_uint32),
        ("syms", c_uint64),
        ("addrs", c_uint64),
        ("cookies", c_uint64),
    ]


class LinkTracing(ctypes.Structure):
    _fields_ = [("target_btf_id", c_uint32), ("cookie", c_uint64)]


class LinkNetfilter(ctypes.Structure):
    _fields_ = [
        ("pf", c_uint32),
        ("hooknum", c_uint32),
        ("priority", c_int32),
        ("flags", c_uint32),
    ]


class LinkRelative(ctypes.Structure):
    """Ordering among multi-programs: tcx, netkit and cgroup links share this shape."""

    _anonymous_ = ("_relative",)
    _fields_ = [("_relative", _RelativeFdOrId), ("expected_revision", c_uint64)]


class LinkUprobeMulti(ctypes.Structure):
    _fields_ = [
        ("path", c_uint64),
        ("offsets", c_uint64),
        ("ref_ctr_offsets", c_uint64),
        ("cookies", c_uint64),
        ("cnt", c_uint32),
        ("flags", c_uint32),
        ("pid", c_uint32),
    ]


class _LinkTarget(ctypes.Union):
    _anonymous_ = ("_iter",)
    _fields_ = [
        ("target_btf_id", c_uint32),
        ("_iter", LinkIterInfo),
        ("perf_event", LinkPerfEvent),
        ("kprobe_multi", LinkKprobeMulti),
        ("tracing", LinkTracing),
        ("netfilter", LinkNetfilter),
        ("tcx", LinkRelative),
        ("uprobe_multi", LinkUprobeMulti),
        ("netkit", LinkRelative),
        ("cgroup", LinkRelative),
    ]


class LinkCreateAttr(ctypes.Structure):
    """BPF_LINK_CREATE (`link_create`)."""

    _anonymous_ = ("_prog", "_target", "_kind")
    _fields_ = [
        ("_prog", _ProgOrMapFd),
        ("_target", _TargetFdOrIfindex),
        ("attach_type", c_uint32),
        ("flags", c_uint32),
        ("_kind", _LinkTarget),
    ]


class _NewProgOrMap(ctypes.Union):
    _fields_ = [("new_prog_fd", c_uint32), ("new_map_fd", c_uint32)]


class _OldProgOrMap(ctypes.Union):
    _fields_ = [("old_prog_fd", c_uint32), ("old_map_fd", c_uint32)]


class LinkUpdateAttr(ctypes.Structure):
    """BPF_LINK_UPDATE (`link_update`)."""

    _anonymous_ = ("_new", "_old")
    _fields_ = [
        ("link_fd", c_uint32),
        ("_new", _NewProgOrMap),
        ("flags", c_uint32),
        ("_old", _OldProgOrMap),
    ]


class LinkDetachAttr(ctypes.Structure):
    """BPF_LINK_DETACH (`link_detach`)."""

    _fields_ = [("link_fd", c_uint32)]


class EnableStatsAttr(ctypes.Structure):
    """BPF_ENABLE_STATS (`enable_stats`)."""

    _fields_ = [("type", c_uint32)]


class IterCreateAttr(ctypes.Structure):
    """BPF_ITER_CREATE (`iter_create`)."""

    _fields_ = [("link_fd", c_uint32), ("flags", c_uint32)]


class ProgBindMapAttr(ctypes.Structure):
    """BPF_PROG_BIND_MAP (`prog_bind_map`)."""

    _fields_ = [("prog_fd", c_uint32), ("map_fd", c_uint32), ("flags", c_uint32)]


# ---- records the attr points at ----------------------------------------------------------------
class FuncInfoRecord(ctypes.Structure):
    """struct bpf_func_info: a function starting at instruction `insn_off` with BTF type_id."""

    _fields_ = [("insn_off", c_uint32), ("type_id", c_uint32)]


class LineInfoRecord(ctypes.Structure):
    """struct bpf_line_info: offsets into the program's BTF string section; line_col is
    line << 10 | column."""

    _fields_ = [
        ("insn_off", c_uint32),
        ("file_name_off", c_uint32),
        ("line_off", c_uint32),
        ("line_col", c_uint32),
    ]


# ---- what BPF_OBJ_GET_INFO_BY_FD fills in ---------------------------------------------------------
class ProgInfoStruct(ctypes.Structure):
    """struct bpf_prog_info."""

    _fields_ = [
        ("type", c_uint32),
        ("id", c_uint32),
        ("tag", ctypes.c_uint8 * BPF_TAG_SIZE),
        ("jited_prog_len", c_uint32),
        ("xlated_prog_len", c_uint32),
        ("jited_prog_insns", c_uint64),
        ("xlated_prog_insns", c_uint64),
        ("load_time", c_uint64),
        ("created_by_uid", c_uint32),
        ("nr_map_ids", c_uint32),
        ("map_ids", c_uint64),
        ("name", ObjName),
        ("ifindex", c_uint32),
        ("gpl_compatible", c_uint32, 1),
        ("netns_dev", c_uint64),
        ("netns_ino", c_uint64),
        ("nr_jited_ksyms", c_uint32),
        ("nr_jited_func_lens", c_uint32),
        ("jited_ksyms", c_uint64),
        ("jited_func_lens", c_uint64),
        ("btf_id", c_uint32),
        ("func_info_rec_size", c_uint32),
        ("func_info", c_uint64),
        ("nr_func_info", c_uint32),
        ("nr_line_info", c_uint32),
        ("line_info", c_uint64),
        ("jited_line_info", c_uint64),
        ("nr_jited_line_info", c_uint32),
        ("line_info_rec_size", c_uint32),
        ("jited_line_info_rec_size", c_uint32),
        ("nr_prog_tags", c_uint32),
        ("prog_tags", c_uint64),
        ("run_time_ns", c_uint64),
        ("run_cnt", c_uint64),
        ("recursion_misses", c_uint64),
        ("verified_insns", c_uint32),
        ("attach_btf_obj_id", c_uint32),
        ("attach_btf_id", c_uint32),
    ]


class MapInfoStruct(ctypes.Structure):
    """struct bpf_map_info."""

    _fields_ = [
        ("type", c_uint32),
        ("id", c_uint32),
        ("key_size", c_uint32),
        ("value_size", c_uint32),
        ("max_entries", c_uint32),
        ("map_flags", c_uint32),
        ("name", ObjName),
        ("ifindex", c_uint32),
        ("btf_vmlinux_value_type_id", c_uint32),
        ("netns_dev", c_uint64),
        ("netns_ino", c_uint64),
        ("btf_id", c_uint32),
        ("btf_key_type_id", c_uint32),
        ("btf_value_type_id", c_uint32),
        ("btf_vmlinux_id", c_uint32),
        ("map_extra", c_uint64),
    ]


class BtfInfoStruct(ctypes.Structure):
    """struct bpf_btf_info."""

    _fields_ = [
        ("btf", c_uint64),
        ("btf_size", c_uint32),
        ("id", c_uint32),
        ("name", c_uint64),
        ("name_len", c_uint32),
        ("kernel_btf", c_uint32),
    ]


class LinkInfoStruct(ctypes.Structure):
    """struct bpf_link_info: the common head and the type-specific union as raw words."""

    _fields_ = [
        ("type", c_uint32),
        ("id", c_uint32),
        ("prog_id", c_uint32),
        ("_pad", c_uint32),
        ("detail", c_uint64 * 8),
    ]


def object_name(name: str) -> bytes:
    """`name` as the kernel accepts it in map_name/prog_name: only [A-Za-z0-9_.], at most 15
    bytes. Other characters are dropped and long names cut (what libbpf and cilium/ebpf do,
    so `xdp/firewall` and long function names still load)."""
    kept = "".join(ch for ch in name if ch.isascii() and (ch.isalnum() or ch in "_."))
    return kept[: BPF_OBJ_NAME_LEN - 1].encode()


def check_u32(value: int, field: str, what: str) -> int:
    """`value` if it fits a u32 attr field; LoadError otherwise (ctypes would silently wrap
    -1 or 2**32 + 4 into a different, valid-looking number)."""
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 0xFFFFFFFF:
        raise LoadError(f"{what}: {field} {value!r} does not fit in 32 bits")
    return value
