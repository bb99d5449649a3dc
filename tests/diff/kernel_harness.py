"""A CollectionSpec loaded into the kernel, for differential tests.

Stand-in for `spec.load(engine="kernel")` while the kernel engine is being written: maps are
created from their MapSpecs (global data filled and frozen, map-in-maps and program arrays
populated), map fds are patched into the lddw immediates the ELF loader left for them, and
programs are loaded with `load_program`. It has the userspace Collection's shape (`programs`,
`maps`, `test_run`, `close`, a context manager) so tests use every engine the same way.
Delete it once `ebpy.kernel.load_collection` lands (tests/diff/engines.py picks that up).
"""

from __future__ import annotations

from typing import Any

from ebpy.errors import LoadError
from ebpy.isa import Instruction, PseudoSrc
from ebpy.kernel import KernelMapFd, KernelProgram, create_map_from_spec, load_program
from ebpy.spec import CollectionSpec, MapType, ProgramSpec, RunResult


class KernelHarnessProgram:
    def __init__(self, program: KernelProgram, spec: ProgramSpec) -> None:
        self.kernel = program
        self.spec = spec
        self.name = spec.name

    def test_run(self, data: bytes = b"", ctx: bytes | None = None, repeat: int = 1) -> RunResult:
        return self.kernel.test_run(data, ctx, repeat)


class KernelHarnessCollection:
    """Maps and programs of a CollectionSpec in the kernel; close() releases every fd."""

    def __init__(self, spec: CollectionSpec, programs: list[str] | None = None) -> None:
        self.spec = spec
        self.maps: dict[str, KernelMapFd] = {}
        self.programs: dict[str, KernelHarnessProgram] = {}
        try:
            for name, mspec in spec.maps.items():
                m = create_map_from_spec(mspec)
                self.maps[name] = m
                if mspec.data is not None:
                    m.update(0, bytes(mspec.data))
            self._fill_map_in_maps()
            for name, mspec in spec.maps.items():
                if mspec.freeze:
                    self.maps[name].freeze()
            for name in programs if programs is not None else list(spec.programs):
                pspec = spec.program(name)
                self.programs[pspec.name] = self._load(pspec)
            self._fill_prog_arrays()
        except BaseException:
            self.close()
            raise

    def _fill_map_in_maps(self) -> None:
        for name, mspec in self.spec.maps.items():
            if not mspec.type.is_map_in_map:
                continue
            for key, value in mspec.contents:
                inner = self.maps.get(value) if isinstance(value, str) else value
                if inner is None:
                    raise LoadError(f"map {name}: initial value {value!r} names no map")
                self.maps[name][key] = inner

    def _fill_prog_arrays(self) -> None:
        for name, mspec in self.spec.maps.items():
            if mspec.type != MapType.PROG_ARRAY:
                continue
            for key, value in mspec.contents:
                prog = self.programs.get(value) if isinstance(value, str) else None
                if prog is None:
                    raise LoadError(f"map {name}: initial value {value!r} names no loaded program")
                self.maps[name][key] = prog.kernel

    def _load(self, pspec: ProgramSpec) -> KernelHarnessProgram:
        insns = list(pspec.instructions)
        index = _slot_index(insns)
        for ref in pspec.map_refs:
            m = self.maps.get(ref.map)
            if m is None:
                raise LoadError(f"{pspec.name}: slot {ref.slot}: unknown map {ref.map!r}")
            i = index[ref.slot]
            insn = insns[i]
            fd = m.fd.fileno()
            if ref.offset is None and insn.src in (PseudoSrc.MAP_FD, PseudoSrc.MAP_IDX):
                insns[i] = Instruction(insn.opcode, insn.dst, PseudoSrc.MAP_FD, 0, fd, 0)
            else:
                off = ref.offset or 0
                insns[i] = Instruction(insn.opcode, insn.dst, PseudoSrc.MAP_VALUE, 0, fd, off)
        program = load_program(
            insns,
            pspec.type,
            license=pspec.license or self.spec.license or "GPL",
            name=_kernel_name(pspec.name),
            expected_attach_type=pspec.attach_type,
        )
        return KernelHarnessProgram(program, pspec)

    def close(self) -> None:
        for p in self.programs.values():
            p.kernel.close()
        for m in self.maps.values():
            m.close()
        self.programs.clear()
        self.maps.clear()

    def __enter__(self) -> KernelHarnessCollection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _slot_index(insns: list[Instruction]) -> dict[int, int]:
    """Slot number -> list index (lddw takes two slots)."""
    out: dict[int, int] = {}
    slot = 0
    for i, insn in enumerate(insns):
        out[slot] = i
        slot += insn.slots
    return out


def _kernel_name(name: str) -> str:
    # The kernel takes up to 15 characters of [A-Za-z0-9_.].
    return "".join(c if c.isalnum() or c in "_." else "_" for c in name)[:15]


def load(spec: CollectionSpec, **options: Any) -> KernelHarnessCollection:
    return KernelHarnessCollection(spec, **options)
