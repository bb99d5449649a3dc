"""The Linux kernel as an engine: bpf() through ctypes, programs, maps, feature probes,
the collection loader, links and event readers.

Layers, lowest first: `uapi` (constants) and `attr` (union bpf_attr as ctypes structures),
`syscall` (the bpf() call, errors with hints), `fd` (owned descriptors), then `program`,
`maps`, `btf_load`, `info`, `commands` (pin, attach, links) and `probes`; above them `core`
(CO-RE), `loader`/`collection` (`load_collection`, what `spec.load(engine="kernel")` calls),
`link` and `attach` (hooks), `ringbuf`/`perf_buffer` (events), `tracefs`, `uprobe`.
"""

from ebpy.kernel.btf_load import load_btf
from ebpy.kernel.collection import KernelCollection
from ebpy.kernel.fd import Fd
from ebpy.kernel.info import BtfInfo, MapInfo, ProgramInfo, btf_info, map_info, program_info
from ebpy.kernel.link import BpfLink, Link, LinkInfo
from ebpy.kernel.loader import load_collection
from ebpy.kernel.maps import (
    KernelBatchError,
    KernelMapFd,
    KernelMapKeyError,
    create_map,
    create_map_from_spec,
)
from ebpy.kernel.program import FuncInfo, KernelProgram, LineInfo, load_program
from ebpy.kernel.syscall import KernelMapError, bpf
from ebpy.kernel.uapi import AttachFlags, Cmd, LogLevel, ProgFlags, RunFlags
from ebpy.kernel.verifier_log import VerificationStats

__all__ = [
    "AttachFlags",
    "BpfLink",
    "BtfInfo",
    "Cmd",
    "Fd",
    "FuncInfo",
    "KernelBatchError",
    "KernelCollection",
    "KernelMapError",
    "KernelMapFd",
    "KernelMapKeyError",
    "KernelProgram",
    "LineInfo",
    "Link",
    "LinkInfo",
    "LogLevel",
    "MapInfo",
    "ProgFlags",
    "ProgramInfo",
    "RunFlags",
    "VerificationStats",
    "bpf",
    "btf_info",
    "create_map",
    "create_map_from_spec",
    "load_btf",
    "load_collection",
    "load_program",
    "map_info",
    "program_info",
]
