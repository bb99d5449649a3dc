"""The kernel as the oracle for what load_spec produces: our re-encoded BTF loads (BPF_BTF_LOAD),
and linked programs with their func/line info, maps and global data load and run
(BPF_PROG_LOAD + BPF_PROG_TEST_RUN) with the results the C source promises.

A deliberately tiny bpf() layer lives here (ebpy.kernel is the real one); it keeps these tests
about the loader's output, not about a loader.
"""

from __future__ import annotations

import ctypes
import os
import struct
from pathlib import Path

import pytest

from ebpy import load_spec
from ebpy.btf import Spec
from ebpy.isa import PseudoSrc, encode
from ebpy.spec import CollectionSpec, MapSpec, MapType, ProgramSpec

pytestmark = pytest.mark.kernel

PROGRAMS = Path(__file__).parent / "programs"
_NR_BPF = {"x86_64": 321, "aarch64": 280}.get(os.uname().machine, -1)
_libc = ctypes.CDLL(None, use_errno=True)

BPF_MAP_CREATE, BPF_MAP_LOOKUP_ELEM, BPF_MAP_UPDATE_ELEM = 0, 1, 2
BPF_PROG_LOAD, BPF_PROG_TEST_RUN, BPF_BTF_LOAD, BPF_MAP_FREEZE = 5, 10, 18, 22


class Kernel:
    """Owns the fds it makes, and closes them."""

    def __init__(self) -> None:
        self.fds: list[int] = []
        self.keep: list[object] = []  # buffers the kernel reads during a call

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds.clear()

    def _buf(self, data: bytes) -> int:
        buf = ctypes.create_string_buffer(data, max(len(data), 1))
        self.keep.append(buf)
        return ctypes.addressof(buf)

    def bpf(self, cmd: int, attr: bytes, what: str, log: ctypes.Array | None = None) -> int:
        raw = ctypes.create_string_buffer(attr.ljust(144, b"\0"), 144)
        res = _libc.syscall(_NR_BPF, cmd, raw, 144)
        if res < 0:
            err = ctypes.get_errno()
            text = log.value.decode(errors="replace")[-3000:] if log is not None else ""
            raise AssertionError(f"{what}: {os.strerror(err)}\n{text}")
        if cmd in (BPF_MAP_CREATE, BPF_PROG_LOAD, BPF_BTF_LOAD):
            self.fds.append(res)
        self.last_attr = raw.raw
        return res

    def btf_load(self, blob: bytes) -> int:
        log = ctypes.create_string_buffer(1 << 16)
        attr = struct.pack("<QQIII", self._buf(blob), ctypes.addressof(log), len(blob), len(log), 1)
        return self.bpf(BPF_BTF_LOAD, attr, "BPF_BTF_LOAD", log)

    def map_create(self, m: MapSpec, inner_fd: int = 0) -> int:
        attr = struct.pack(
            "<IIIIIII16s", m.type, m.key_size, m.value_size, m.max_entries, m.flags, inner_fd, 0,
            m.name.encode()[:15],
        )  # fmt: skip
        return self.bpf(BPF_MAP_CREATE, attr, f"BPF_MAP_CREATE {m.name}")

    def map_update(self, fd: int, key: bytes, value: bytes) -> None:
        attr = struct.pack("<I4xQQQ", fd, self._buf(key), self._buf(value), 0)
        self.bpf(BPF_MAP_UPDATE_ELEM, attr, "BPF_MAP_UPDATE_ELEM")

    def map_lookup(self, fd: int, key: bytes, size: int) -> bytes:
        out = ctypes.create_string_buffer(size)
        attr = struct.pack("<I4xQQQ", fd, self._buf(key), ctypes.addressof(out), 0)
        self.bpf(BPF_MAP_LOOKUP_ELEM, attr, "BPF_MAP_LOOKUP_ELEM")
        return out.raw

    def map_freeze(self, fd: int) -> None:
        self.bpf(BPF_MAP_FREEZE, struct.pack("<I", fd), "BPF_MAP_FREEZE")

    def prog_load(self, prog: ProgramSpec, map_fds: dict[str, int], btf: Spec) -> int:
        insns = list(prog.instructions)
        index = {slot: i for i, slot in enumerate(_slots(insns))}
        for ref in prog.map_refs:
            insn = insns[index[ref.slot]]
            assert insn.src in (PseudoSrc.MAP_FD, PseudoSrc.MAP_VALUE)
            insns[index[ref.slot]] = insn.with_imm64(map_fds[ref.map] | ((ref.offset or 0) << 32))
        code = encode(insns)
        texts = {s for li in prog.line_info for s in (li.file, li.text)}
        blob, offsets = btf.encode_with_strings(sorted(texts))
        btf_fd = self.btf_load(blob)
        func_info = b"".join(struct.pack("<II", f.slot, f.type_id) for f in prog.func_info)
        line_info = b"".join(
            struct.pack(
                "<IIII", li.slot, offsets[li.file], offsets[li.text], (li.line << 10) | li.column
            )
            for li in prog.line_info
        )
        log = ctypes.create_string_buffer(1 << 20)

        def attr(log_level: int) -> bytes:
            return struct.pack(
                "<IIQQIIQII16sIIIIQIIQI",
                prog.type, len(code) // 8, self._buf(code), self._buf(b"GPL\0"), log_level,
                len(log) if log_level else 0, ctypes.addressof(log) if log_level else 0, 0, 0,
                prog.name.encode()[:15], 0, prog.attach_type or 0, btf_fd, 8,
                self._buf(func_info), len(prog.func_info), 16, self._buf(line_info),
                len(prog.line_info),
            )  # fmt: skip

        try:
            return self.bpf(BPF_PROG_LOAD, attr(0), f"BPF_PROG_LOAD {prog.name}")
        except AssertionError:  # again, with the verifier's log for the message
            return self.bpf(BPF_PROG_LOAD, attr(1), f"BPF_PROG_LOAD {prog.name}", log)

    def test_run(self, fd: int, data: bytes) -> int:
        out = ctypes.create_string_buffer(len(data) + 256)
        attr = struct.pack(
            "<IIIIQQII", fd, 0, len(data), len(out), self._buf(data), ctypes.addressof(out), 1, 0
        )
        self.bpf(BPF_PROG_TEST_RUN, attr, "BPF_PROG_TEST_RUN")
        return struct.unpack_from("<I", self.last_attr, 4)[0]

    def load_maps(self, spec: CollectionSpec, names: set[str]) -> dict[str, int]:
        fds: dict[str, int] = {}
        for name in names:
            m = spec.maps[name]
            inner = self.map_create(m.inner) if m.inner is not None else 0
            fds[name] = self.map_create(m, inner)
            if m.data is not None:
                self.map_update(fds[name], bytes(4), bytes(m.data))
                if m.freeze:
                    self.map_freeze(fds[name])
        return fds


def _slots(insns) -> list[int]:
    out, slot = [], 0
    for i in insns:
        out.append(slot)
        slot += i.slots
    return out


@pytest.fixture()
def kernel():
    if _NR_BPF < 0:
        pytest.skip("unknown bpf() syscall number")
    k = Kernel()
    yield k
    k.close()


def frame(length: int) -> bytes:
    eth = b"\xff" * 6 + b"\x02" * 6 + b"\x08\x00"
    return (eth + bytes(range(256)) * 4)[:length]


# ---- BTF -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["btf_types", "elf_maps", "elf_globals", "elf_calls", "btf_core"])
def test_kernel_accepts_reencoded_btf(kernel: Kernel, compile_bpf, name: str) -> None:
    spec = load_spec(compile_bpf((PROGRAMS / f"{name}.c").read_text(), name))
    assert kernel.btf_load(spec.btf.encode()) >= 0


def test_kernel_accepts_hand_built_btf(kernel: Kernel) -> None:
    from ebpy import btf

    u32 = btf.Int("unsigned int", 4)
    flow = btf.Struct("flow", 8, [btf.Member("a", u32, 0), btf.Member("b", u32, 32, 3)])
    proto = btf.FuncProto(u32, [btf.FuncParam("f", btf.Pointer(flow))])
    spec = btf.Spec.from_types(
        [btf.Func("f", proto, btf.FuncLinkage.GLOBAL), btf.Typedef("flow_t", flow)]
    )
    assert kernel.btf_load(spec.encode()) >= 0


# ---- programs -------------------------------------------------------------------------------------


def test_linked_calls_run_in_kernel(kernel: Kernel, compile_bpf) -> None:
    spec = load_spec(compile_bpf((PROGRAMS / "elf_calls.c").read_text(), "elf_calls"))
    n = 64
    expected = {
        "calls_a": 4 * n + 8,
        "calls_b": 4 * n + 1000,
        "loop_sum": n * (n - 1) // 2,
        "classifier": 3 * n,
    }
    for name, want in expected.items():
        fd = kernel.prog_load(spec.programs[name], {}, spec.btf)
        assert kernel.test_run(fd, frame(n)) == want, name


def test_global_data_runs_in_kernel(kernel: Kernel, compile_bpf) -> None:
    spec = load_spec(compile_bpf((PROGRAMS / "elf_globals.c").read_text(), "elf_globals"))
    spec.constants["min_ttl"] = 9
    spec.constants["cfg"] = {"port": 1000}
    spec.constants["banner"] = "A"
    prog = spec.programs["globals"]
    fds = kernel.load_maps(spec, {r.map for r in prog.map_refs})
    fd = kernel.prog_load(prog, fds, spec.btf)
    # min_ttl + offset + cfg.port + (hidden_counter + 1) - 1 + banner[0]
    assert kernel.test_run(fd, frame(64)) == 9 - 5 + 1000 + 12 - 1 + ord("A")
    data = spec.maps[".data"]
    after = data.value_type.decode(kernel.map_lookup(fds[".data"], bytes(4), data.value_size))
    assert after == {"packets": 8, "hidden_counter": 12}
    counters = spec.maps[".data.counters"]
    raw = kernel.map_lookup(fds[".data.counters"], bytes(4), counters.value_size)
    assert counters.value_type.decode(raw) == {"counters": [1, 2 + 200, 3, 4]}
    scratch = spec.maps[".bss.scratch"]
    raw = kernel.map_lookup(fds[".bss.scratch"], bytes(4), scratch.value_size)
    assert scratch.value_type.decode(raw)["scratch"][3] == 1000


def test_tail_call_through_prog_array_contents(kernel: Kernel, compile_bpf) -> None:
    spec = load_spec(compile_bpf((PROGRAMS / "elf_maps.c").read_text(), "elf_maps"))
    prog = spec.programs["use_maps"]
    fds = kernel.load_maps(spec, {r.map for r in prog.map_refs})
    for index, target in spec.maps["m_jump"].contents:
        tfd = kernel.prog_load(spec.programs[target], fds, spec.btf)
        kernel.map_update(fds["m_jump"], struct.pack("<I", index), struct.pack("<I", tfd))
    fd = kernel.prog_load(prog, fds, spec.btf)
    # use_maps tail-calls slot 1, which `values` filled with tail_one (XDP_PASS = 2); without
    # it the program would fall through and return XDP_ABORTED (0).
    assert kernel.test_run(fd, frame(64)) == 2
    assert spec.maps["m_outer_array"].type == MapType.ARRAY_OF_MAPS


@pytest.mark.parametrize("name", ["xdp_firewall", "xdp_checksum", "xdp_compute", "xdp_histogram"])
def test_benchmark_programs_load_in_kernel(kernel: Kernel, bench_dir: Path, name: str) -> None:
    spec = load_spec(bench_dir / f"{name}.o")
    prog = spec.program()
    fds = kernel.load_maps(spec, {r.map for r in prog.map_refs})
    fd = kernel.prog_load(prog, fds, spec.btf)
    retval = kernel.test_run(fd, (bench_dir / "pkt64.bin").read_bytes())
    if name == "xdp_firewall":
        assert retval == 2  # XDP_PASS for the test frame
