"""BPF_OBJ_GET_INFO_BY_FD: what the kernel knows about a loaded program, map or BTF object."""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from enum import IntEnum
from typing import TypeVar

from ebpy.kernel.attr import BtfInfoStruct, InfoAttr, MapInfoStruct, ProgInfoStruct
from ebpy.kernel.fd import Fd
from ebpy.kernel.syscall import address, bpf
from ebpy.kernel.uapi import Cmd
from ebpy.spec.types import MapType, ProgramType

_S = TypeVar("_S", ProgInfoStruct, MapInfoStruct, BtfInfoStruct)
_E = TypeVar("_E", bound=IntEnum)


@dataclass(frozen=True)
class ProgramInfo:
    """struct bpf_prog_info, decoded."""

    type: ProgramType | int
    id: int
    name: str
    tag: str  # the 8-byte program tag (a hash of the instructions) as hex, like bpftool
    jited_prog_len: int  # bytes of native code (0 when the JIT is off)
    xlated_prog_len: int  # bytes of the instructions after the verifier's rewrites
    verified_insns: int  # instructions the verifier processed
    load_time: int  # ns since boot
    created_by_uid: int
    map_ids: tuple[int, ...]
    gpl_compatible: bool
    btf_id: int
    nr_func_info: int
    nr_line_info: int
    run_time_ns: int  # accumulated while BPF_ENABLE_STATS is on
    run_cnt: int
    recursion_misses: int
    attach_btf_obj_id: int
    attach_btf_id: int
    ifindex: int
    xlated: bytes | None = None  # the rewritten instructions, when asked for
    jited: bytes | None = None  # the native code, when asked for


@dataclass(frozen=True)
class MapInfo:
    """struct bpf_map_info, decoded."""

    type: MapType | int
    id: int
    name: str
    key_size: int
    value_size: int
    max_entries: int
    map_flags: int
    ifindex: int
    btf_id: int
    btf_key_type_id: int
    btf_value_type_id: int
    btf_vmlinux_value_type_id: int
    map_extra: int


@dataclass(frozen=True)
class BtfInfo:
    """struct bpf_btf_info, decoded (without the BTF bytes themselves)."""

    id: int
    name: str
    btf_size: int
    kernel_btf: bool


def _enum_or_int(enum: type[_E], value: int) -> _E | int:
    """The enum member, or the bare number for values newer than ebpy's enum."""
    try:
        return enum(value)
    except ValueError:
        return value


def _get_info(fd: Fd | int, info: _S, what: str) -> _S:
    attr = InfoAttr(bpf_fd=int(fd), info_len=ctypes.sizeof(info), info=address(info))
    bpf(Cmd.OBJ_GET_INFO_BY_FD, attr, what=what)
    return info


def program_info(fd: Fd | int, *, xlated: bool = False, jited: bool = False) -> ProgramInfo:
    """Info of the program behind `fd`; with xlated/jited also its instructions / code.

    Two calls, like bpftool: the first learns the lengths, the second fills the buffers.
    """
    what = f"reading program info (fd {int(fd)})"
    first = _get_info(fd, ProgInfoStruct(), what)
    map_ids = (ctypes.c_uint32 * first.nr_map_ids)()
    xbuf = (ctypes.c_uint8 * first.xlated_prog_len)() if xlated else None
    jbuf = (ctypes.c_uint8 * first.jited_prog_len)() if jited else None
    second = ProgInfoStruct(nr_map_ids=first.nr_map_ids, map_ids=address(map_ids))
    if xbuf is not None:
        second.xlated_prog_len = len(xbuf)
        second.xlated_prog_insns = address(xbuf)
    if jbuf is not None:
        second.jited_prog_len = len(jbuf)
        second.jited_prog_insns = address(jbuf)
    info = _get_info(fd, second, what)
    count = min(info.nr_map_ids, first.nr_map_ids)  # a map bound in between is not ours
    return ProgramInfo(
        type=_enum_or_int(ProgramType, info.type),
        id=info.id,
        name=info.name.decode(errors="replace"),
        tag=bytes(info.tag).hex(),
        jited_prog_len=first.jited_prog_len,
        xlated_prog_len=first.xlated_prog_len,
        verified_insns=info.verified_insns,
        load_time=info.load_time,
        created_by_uid=info.created_by_uid,
        map_ids=tuple(map_ids[:count]),
        gpl_compatible=bool(info.gpl_compatible),
        btf_id=info.btf_id,
        nr_func_info=info.nr_func_info,
        nr_line_info=info.nr_line_info,
        run_time_ns=info.run_time_ns,
        run_cnt=info.run_cnt,
        recursion_misses=info.recursion_misses,
        attach_btf_obj_id=info.attach_btf_obj_id,
        attach_btf_id=info.attach_btf_id,
        ifindex=info.ifindex,
        # The kernel leaves the pointer at 0 when it may not dump (kptr_restrict, no root).
        xlated=bytes(xbuf[: info.xlated_prog_len])
        if xbuf is not None and info.xlated_prog_insns
        else None,
        jited=bytes(jbuf[: info.jited_prog_len])
        if jbuf is not None and info.jited_prog_insns
        else None,
    )


def map_info(fd: Fd | int) -> MapInfo:
    info = _get_info(fd, MapInfoStruct(), f"reading map info (fd {int(fd)})")
    return MapInfo(
        type=_enum_or_int(MapType, info.type),
        id=info.id,
        name=info.name.decode(errors="replace"),
        key_size=info.key_size,
        value_size=info.value_size,
        max_entries=info.max_entries,
        map_flags=info.map_flags,
        ifindex=info.ifindex,
        btf_id=info.btf_id,
        btf_key_type_id=info.btf_key_type_id,
        btf_value_type_id=info.btf_value_type_id,
        btf_vmlinux_value_type_id=info.btf_vmlinux_value_type_id,
        map_extra=info.map_extra,
    )


def btf_info(fd: Fd | int) -> BtfInfo:
    name = ctypes.create_string_buffer(64)
    info = BtfInfoStruct(name=address(name), name_len=len(name))
    info = _get_info(fd, info, f"reading BTF info (fd {int(fd)})")
    return BtfInfo(
        id=info.id,
        name=name.value.decode(errors="replace"),
        btf_size=info.btf_size,
        kernel_btf=bool(info.kernel_btf),
    )
