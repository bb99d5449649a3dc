"""A small private bpf() wrapper: the kernel as the oracle for the native maps' tests.

Every call returns the kernel's answer as data (errno 0 on success) instead of raising, so
tests compare result codes one for one. Programs are raw instruction bytes built with `insn`.
The tests at the bottom check the wrapper itself.
"""

from __future__ import annotations

import ctypes
import mmap
import os
import struct
from dataclasses import dataclass

import pytest

from ebpy.jit.lowmem import buffer_address

_NR_BPF = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine, -1)
_libc = ctypes.CDLL(None, use_errno=True)
_libc.syscall.restype = ctypes.c_long

MAP_CREATE, LOOKUP, UPDATE, DELETE, NEXT_KEY, PROG_LOAD = 0, 1, 2, 3, 4, 5
PROG_TEST_RUN = 10
LOOKUP_AND_DELETE = 21
FREEZE = 22
LOOKUP_BATCH, LOOKUP_AND_DELETE_BATCH, UPDATE_BATCH, DELETE_BATCH = 24, 25, 26, 27

PROG_TYPE_SOCKET_FILTER = 1
PROG_TYPE_SYSCALL = 31
F_SLEEPABLE = 1 << 4
PSEUDO_MAP_FD = 1
ENOTSUPP = 524


def bpf(cmd: int, attr: ctypes.Array[ctypes.c_char]) -> tuple[int, int]:
    """(result, errno)."""
    ret = _libc.syscall(_NR_BPF, cmd, attr, len(attr))
    return (ret, 0) if ret >= 0 else (-1, ctypes.get_errno())


def _attr(fmt: str, *values: object, size: int = 128) -> ctypes.Array[ctypes.c_char]:
    buf = ctypes.create_string_buffer(size)
    struct.pack_into(fmt, buf, 0, *values)
    return buf


def _addr(buf: ctypes.Array[ctypes.c_char] | None) -> int:
    return ctypes.addressof(buf) if buf is not None else 0


def _buf(data: bytes | None) -> ctypes.Array[ctypes.c_char] | None:
    return None if data is None else ctypes.create_string_buffer(bytes(data), max(len(data), 1))


def possible_cpus() -> int:
    from ebpy.maps.cpus import possible_cpus as ours

    return ours()


@dataclass
class KernelMap:
    """A kernel map; every method returns (errno, result...) with errno 0 on success."""

    fd: int
    type: int
    key_size: int
    value_size: int
    max_entries: int

    @classmethod
    def create(
        cls,
        type: int,
        key_size: int,
        value_size: int,
        max_entries: int,
        flags: int = 0,
        map_extra: int = 0,
        inner_fd: int = 0,
    ) -> tuple[int, KernelMap | None]:
        attr = _attr("<IIIIII", int(type), key_size, value_size, max_entries, flags, inner_fd)
        struct.pack_into("<Q", attr, 64, map_extra)
        fd, err = bpf(MAP_CREATE, attr)
        if err:
            return err, None
        return 0, cls(fd, int(type), key_size, value_size, max_entries)

    @classmethod
    def new(cls, *args: int, **kwargs: int) -> KernelMap:
        err, m = cls.create(*args, **kwargs)
        if err or m is None:
            raise OSError(err, f"BPF_MAP_CREATE: {os.strerror(err)}")
        return m

    @property
    def value_buffer_size(self) -> int:
        if self.type in (5, 6, 10):  # per-CPU: one value per possible CPU, 8-byte aligned
            return (self.value_size + 7) // 8 * 8 * possible_cpus()
        return self.value_size

    def _elem(
        self, cmd: int, key: bytes | None, value: ctypes.Array[ctypes.c_char] | None, flags: int
    ) -> int:
        kbuf = _buf(key)
        attr = _attr("<IIQQQ", self.fd, 0, _addr(kbuf), _addr(value), flags)
        return bpf(cmd, attr)[1]

    def lookup(self, key: bytes | None, flags: int = 0) -> tuple[int, bytes | None]:
        out = ctypes.create_string_buffer(max(self.value_buffer_size, 1))
        err = self._elem(LOOKUP, key, out, flags)
        return err, None if err else out.raw[: self.value_buffer_size]

    def peek_value(self, value: bytes) -> int:
        """Bloom filter lookup: the value goes in."""
        return self._elem(LOOKUP, None, _buf(value), 0)

    def update(self, key: bytes | None, value: bytes, flags: int = 0) -> int:
        return self._elem(UPDATE, key, _buf(value), flags)

    def delete(self, key: bytes | None) -> int:
        return self._elem(DELETE, key, None, 0)

    def next_key(self, key: bytes | None) -> tuple[int, bytes | None]:
        out = ctypes.create_string_buffer(max(self.key_size, 1))
        err = self._elem(NEXT_KEY, key, out, 0)
        return err, None if err else out.raw[: self.key_size]

    def lookup_and_delete(self, key: bytes | None, flags: int = 0) -> tuple[int, bytes | None]:
        out = ctypes.create_string_buffer(max(self.value_buffer_size, 1))
        err = self._elem(LOOKUP_AND_DELETE, key, out, flags)
        return err, None if err else out.raw[: self.value_buffer_size]

    def keys(self) -> list[bytes]:
        keys: list[bytes] = []
        key = None
        while True:
            err, key = self.next_key(key)
            if err:
                return keys
            assert key is not None
            keys.append(key)

    def items(self) -> dict[bytes, bytes]:
        out = {}
        for key in self.keys():
            err, value = self.lookup(key)
            if not err and value is not None:
                out[key] = value
        return out

    def freeze(self) -> int:
        return bpf(FREEZE, _attr("<I", self.fd))[1]

    def lookup_batch(
        self, cursor: bytes | None, count: int, delete: bool = False, cursor_size: int = 4
    ) -> tuple[int, list[bytes], list[bytes], bytes | None]:
        """(errno, keys, values, out_batch)."""
        size = max(cursor_size, self.key_size, 4)
        in_batch = _buf(cursor)
        out_batch = ctypes.create_string_buffer(size)
        keys = ctypes.create_string_buffer(max(count * self.key_size, 1))
        values = ctypes.create_string_buffer(max(count * self.value_buffer_size, 1))
        attr = _attr(
            "<QQQQIIQQ",
            _addr(in_batch),
            _addr(out_batch),
            _addr(keys),
            _addr(values),
            count,
            self.fd,
            0,
            0,
        )
        err = bpf(LOOKUP_AND_DELETE_BATCH if delete else LOOKUP_BATCH, attr)[1]
        n = struct.unpack_from("<I", attr, 32)[0]
        ks, vs = self.key_size, self.value_buffer_size
        return (
            err,
            [keys.raw[i * ks : (i + 1) * ks] for i in range(n)],
            [values.raw[i * vs : (i + 1) * vs] for i in range(n)],
            out_batch.raw[:cursor_size],
        )

    def update_batch(
        self, entries: list[tuple[bytes, bytes]], elem_flags: int = 0
    ) -> tuple[int, int]:
        keys = _buf(b"".join(k for k, _ in entries) or b"\0")
        values = _buf(b"".join(v for _, v in entries) or b"\0")
        attr = _attr(
            "<QQQQIIQQ", 0, 0, _addr(keys), _addr(values), len(entries), self.fd, elem_flags, 0
        )
        err = bpf(UPDATE_BATCH, attr)[1]
        return err, struct.unpack_from("<I", attr, 32)[0]

    def delete_batch(self, keys: list[bytes]) -> tuple[int, int]:
        kbuf = _buf(b"".join(keys) or b"\0")
        attr = _attr("<QQQQIIQQ", 0, 0, _addr(kbuf), 0, len(keys), self.fd, 0, 0)
        err = bpf(DELETE_BATCH, attr)[1]
        return err, struct.unpack_from("<I", attr, 32)[0]

    def close(self) -> None:
        if self.fd >= 0:
            os.close(self.fd)
            self.fd = -1

    def __enter__(self) -> KernelMap:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---- programs ---------------------------------------------------------------------------------


def insn(code: int, dst: int = 0, src: int = 0, off: int = 0, imm: int = 0) -> bytes:
    return struct.pack("<BBhi", code, (src << 4) | dst, off, imm)


def ld_map_fd(dst: int, fd: int) -> bytes:
    return insn(0x18, dst, PSEUDO_MAP_FD, 0, fd) + insn(0, 0, 0, 0, 0)


def mov64_imm(dst: int, imm: int) -> bytes:
    return insn(0xB7, dst, 0, 0, imm)


def mov64_reg(dst: int, src: int) -> bytes:
    return insn(0xBF, dst, src)


def add64_imm(dst: int, imm: int) -> bytes:
    return insn(0x07, dst, 0, 0, imm)


def ldx(size: str, dst: int, src: int, off: int) -> bytes:
    return insn({"b": 0x71, "h": 0x69, "w": 0x61, "dw": 0x79}[size], dst, src, off)


def stx(size: str, dst: int, src: int, off: int) -> bytes:
    return insn({"b": 0x73, "h": 0x6B, "w": 0x63, "dw": 0x7B}[size], dst, src, off)


def jgt_imm(dst: int, imm: int, off: int) -> bytes:
    return insn(0x25, dst, 0, off, imm)


def jeq_imm(dst: int, imm: int, off: int) -> bytes:
    return insn(0x15, dst, 0, off, imm)


def call(helper: int) -> bytes:
    return insn(0x85, 0, 0, 0, helper)


def exit_insn() -> bytes:
    return insn(0x95)


def prog_load(prog_type: int, code: bytes, flags: int = 0) -> int:
    """A program fd; OSError with the verifier log when the kernel refuses it."""
    license = ctypes.create_string_buffer(b"GPL")
    log = ctypes.create_string_buffer(1 << 16)
    prog = ctypes.create_string_buffer(code, len(code))
    attr = _attr(
        "<IIQQIIQII",
        prog_type,
        len(code) // 8,
        _addr(prog),
        _addr(license),
        1,
        len(log),
        _addr(log),
        0,
        flags,
    )
    fd, err = bpf(PROG_LOAD, attr)
    if err:
        raise OSError(
            err, f"BPF_PROG_LOAD: {os.strerror(err)}\n{log.value.decode(errors='replace')}"
        )
    return fd


def prog_run(fd: int, ctx: bytes = b"", data: bytes = b"") -> int:
    """BPF_PROG_TEST_RUN: the program's return value (OSError on failure)."""
    cbuf = _buf(ctx) if ctx else None
    dbuf = _buf(data) if data else None
    attr = _attr(
        "<IIIIQQIIIIQQ", fd, 0, len(data), 0, _addr(dbuf), 0, 0, 0, len(ctx), 0, _addr(cbuf), 0
    )
    _, err = bpf(PROG_TEST_RUN, attr)
    if err:
        raise OSError(err, f"BPF_PROG_TEST_RUN: {os.strerror(err)}")
    return struct.unpack_from("<I", attr, 4)[0]


def trivial_program() -> int:
    """A socket filter returning 0 (something to put in program arrays)."""
    return prog_load(PROG_TYPE_SOCKET_FILTER, mov64_imm(0, 0) + exit_insn())


class KernelRing:
    """The kernel's ring buffer mmap()ed as libbpf maps it: consumer page read-write, then
    the producer page and the data (twice), read-only."""

    def __init__(self, m: KernelMap) -> None:
        page = mmap.PAGESIZE
        self.size = m.max_entries
        self.consumer = mmap.mmap(m.fd, page, mmap.MAP_SHARED, mmap.PROT_READ | mmap.PROT_WRITE)
        self.producer = mmap.mmap(
            m.fd, page + 2 * self.size, mmap.MAP_SHARED, mmap.PROT_READ, offset=page
        )
        self.consumer_addr = buffer_address(self.consumer)
        self.producer_addr = buffer_address(self.producer)
        self.data_addr = self.producer_addr + page

    def close(self) -> None:
        self.consumer.close()
        self.producer.close()


# ---- the wrapper's own tests ----------------------------------------------------------------------

pytestmark = pytest.mark.kernel


def test_hash_roundtrip_through_the_wrapper() -> None:
    with KernelMap.new(1, 4, 8, 4) as m:
        assert m.update(b"\1\0\0\0", b"A" * 8) == 0
        assert m.lookup(b"\1\0\0\0") == (0, b"A" * 8)
        assert m.lookup(b"\2\0\0\0")[0] == 2  # ENOENT
        assert m.update(b"\1\0\0\0", b"B" * 8, 1) == 17  # BPF_NOEXIST: EEXIST
        assert m.keys() == [b"\1\0\0\0"]


def test_program_runs_and_returns() -> None:
    fd = prog_load(PROG_TYPE_SYSCALL, mov64_imm(0, 42) + exit_insn(), F_SLEEPABLE)
    try:
        assert prog_run(fd, ctx=b"\0" * 8) == 42
    finally:
        os.close(fd)
