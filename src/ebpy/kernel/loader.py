"""load_collection: a CollectionSpec into the running kernel, the way libbpf loads an object.

Order, as libbpf's bpf_object__load: the object's BTF (with the strings line info needs),
maps (pinned ones reused when compatible; global data filled, .rodata frozen), map-in-map
slots, programs (map fds into their lddw, CO-RE relocations against the kernel's BTF,
func/line info, the attach target for BTF-typed tracing programs), program-array slots,
and last the pins. Any failure closes everything made so far and removes new pins.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Mapping
from typing import Any

from ebpy.btf import Datasec, Func, Spec, Typedef, load_vmlinux
from ebpy.errors import EbpyError, KernelError, LoadError, ObjectError, VerifierError
from ebpy.isa import Instruction, PseudoSrc
from ebpy.kernel import core, probes
from ebpy.kernel.btf_load import load_btf
from ebpy.kernel.collection import KernelCollection
from ebpy.kernel.commands import obj_pin
from ebpy.kernel.hints import required_capabilities
from ebpy.kernel.maps import KernelMapFd, create_map_from_spec, map_class
from ebpy.kernel.pinning import (
    DEFAULT_PIN_ROOT,
    check_reusable,
    ensure_bpffs,
    open_pinned,
    pin_path,
)
from ebpy.kernel.program import FuncInfo, KernelProgram, LineInfo, load_program
from ebpy.kernel.system import kernel_version_code, missing_capabilities
from ebpy.kernel.uapi import BPF_OBJ_NAME_LEN, Cmd, LogLevel, ProgFlags
from ebpy.maps.cpus import possible_cpus
from ebpy.spec import CollectionSpec, MapSpec, MapType, ProgramSpec, ProgramType
from ebpy.spec.sections import match_section
from ebpy.spec.types import PinType

# Options the userspace engines take that mean nothing here (the kernel always verifies).
_IGNORED_OPTIONS = frozenset({"verify", "privileged", "budget"})

# Map types whose creation takes no key/value BTF (libbpf zeroes it for these).
_NO_BTF_TYPES = frozenset(
    {
        MapType.PERF_EVENT_ARRAY,
        MapType.CGROUP_ARRAY,
        MapType.STACK_TRACE,
        MapType.ARRAY_OF_MAPS,
        MapType.HASH_OF_MAPS,
        MapType.DEVMAP,
        MapType.DEVMAP_HASH,
        MapType.CPUMAP,
        MapType.XSKMAP,
        MapType.SOCKMAP,
        MapType.SOCKHASH,
        MapType.QUEUE,
        MapType.STACK,
        MapType.ARENA,
        MapType.RINGBUF,
        MapType.USER_RINGBUF,
        MapType.PROG_ARRAY,  # the kernel refuses BTF for fd arrays (map_check_no_btf)
    }
)


def object_name(path: str | None) -> str:
    """libbpf's object name: the file's base name up to its first dot."""
    if not path:
        return ""
    return os.path.basename(path).split(".", 1)[0]


def internal_map_name(obj_name: str, section: str) -> str:
    """The kernel name of a global data map (libbpf's internal_map_name): the object name's
    start, then the section (`xdp_fire.rodata`); sections with a second dot keep only
    their own name (`.rodata.limits`). 15 characters, others replaced by `_`."""
    sfx_len = max(7, len(section))
    if "." in section[1:]:
        pfx_len = 0
    else:
        pfx_len = min(BPF_OBJ_NAME_LEN - sfx_len - 1, len(obj_name))
    name = (obj_name[: max(pfx_len, 0)] + section[:sfx_len])[: BPF_OBJ_NAME_LEN - 1]
    return "".join(ch if ch.isascii() and (ch.isalnum() or ch in "_.") else "_" for ch in name)


def load_collection(
    spec: CollectionSpec,
    *,
    programs: list[str] | None = None,
    pin_path: str | None = None,
    log_level: LogLevel | int = LogLevel.NONE,
    log_size: int | None = None,
    core_btf: Spec | str | None = None,
    btf: bool = True,
    **options: Any,
) -> KernelCollection:
    """Load `spec` into the kernel and return the KernelCollection (`spec.load("kernel")`).

    `programs` limits which programs load (programs named in program arrays come along);
    `pin_path` is the bpffs folder for maps declared with pinning = LIBBPF_PIN_BY_NAME
    (default /sys/fs/bpf); `log_level` keeps the verifier log on each program; `core_btf`
    is the target BTF of CO-RE relocations (default the running kernel's); `btf=False`
    loads without the object's BTF.
    """
    unknown = sorted(set(options) - _IGNORED_OPTIONS)
    if unknown:
        raise LoadError(f"kernel engine: unknown option(s) {', '.join(unknown)}")
    coll = KernelCollection(spec)
    loader = _Loader(spec, coll, pin_path or DEFAULT_PIN_ROOT, log_level, log_size, core_btf, btf)
    try:
        loader.load(programs)
    except BaseException:
        loader.unpin_new()
        coll.close()
        raise
    return coll


class _Loader:
    def __init__(
        self,
        spec: CollectionSpec,
        coll: KernelCollection,
        pin_root: str,
        log_level: LogLevel | int,
        log_size: int | None,
        core_btf: Spec | str | None,
        use_btf: bool,
    ) -> None:
        self.spec = spec
        self.coll = coll
        self.pin_root = pin_root
        self.log_level = log_level
        self.log_size = log_size
        self.core_btf = core_btf
        self.use_btf = use_btf
        self.strings: dict[str, int] = {}
        self.reused: set[str] = set()
        self.new_pins: list[str] = []
        self.obj_name = object_name(spec.path)
        self._pin_folder: str | None = None
        self._target: core.CoreTarget | None = None

    def where(self) -> str:
        return f"{self.spec.path}: " if self.spec.path else ""

    # ---- the whole load ----------------------------------------------------------------------
    def load(self, wanted: list[str] | None) -> None:
        selected = self._select(wanted)
        self._load_btf(selected)
        for name, mspec in self.spec.maps.items():
            self.coll.maps[name] = self._map(name, mspec)
        self._fill_map_in_maps()
        for pspec in selected:
            prog = self._program(pspec)
            self.coll.programs[pspec.name] = prog
        self._fill_prog_arrays()
        self._pin_maps()

    def _select(self, wanted: list[str] | None) -> list[ProgramSpec]:
        if wanted is None:
            chosen = list(self.spec.programs.values())
        else:
            chosen = [self.spec.program(name) for name in wanted]
        names = {p.name for p in chosen}
        # Programs a program array names must be loaded to fill its slots (tail calls).
        for mspec in self.spec.maps.values():
            if mspec.type != MapType.PROG_ARRAY:
                continue
            for _, value in mspec.contents:
                if isinstance(value, str) and value in self.spec.programs and value not in names:
                    chosen.append(self.spec.programs[value])
                    names.add(value)
        return chosen

    # ---- BTF ---------------------------------------------------------------------------------
    def _load_btf(self, selected: list[ProgramSpec]) -> None:
        if not self.use_btf or self.spec.btf is None:
            return
        texts = sorted({s for p in selected for li in p.line_info for s in (li.file, li.text)})
        try:
            blob, self.strings = self.spec.btf.encode_with_strings(texts)
            fd, _ = load_btf(blob)
        except KernelError as e:
            if e.errno == errno.EPERM:
                raise
            self.coll.notes.append(f"the kernel refused the object's BTF ({e}); loaded without it")
            return
        except EbpyError as e:
            self.coll.notes.append(
                f"the object's BTF could not be encoded ({e}); loaded without it"
            )
            return
        self.coll.btf_fd = fd

    def _btf_ids(self, mspec: MapSpec) -> tuple[int, int] | None:
        btf = self.spec.btf
        if self.coll.btf_fd is None or btf is None or mspec.type in _NO_BTF_TYPES:
            return None
        try:
            if mspec.is_global_data:
                if not isinstance(mspec.value_type, Datasec):
                    return None
                return 0, btf.type_id(mspec.value_type)
            key = btf.type_id(mspec.key_type) if mspec.key_type is not None else 0
            value = btf.type_id(mspec.value_type) if mspec.value_type is not None else 0
        except ObjectError:  # a type from elsewhere (an edited spec): no BTF for this map
            return None
        if not key and not value:
            return None
        return key, value

    # ---- maps --------------------------------------------------------------------------------
    def _map(self, name: str, mspec: MapSpec) -> KernelMapFd:
        if mspec.type == MapType.PERF_EVENT_ARRAY and mspec.max_entries == 0:
            mspec = mspec.copy()  # libbpf sizes it to the possible CPUs
            mspec.max_entries = possible_cpus()
        if mspec.pinning == PinType.BY_NAME:
            reused = self._reuse_pinned(name, mspec)
            if reused is not None:
                return reused
        m = self._create(name, mspec)
        try:
            if mspec.data is not None:
                if any(mspec.data) or mspec.freeze:
                    m.update(0, bytes(mspec.data))
                if mspec.freeze:
                    m.freeze()
        except BaseException:
            m.close()
            raise
        return m

    def _create(self, name: str, mspec: MapSpec) -> KernelMapFd:
        kernel_name = internal_map_name(self.obj_name, name) if mspec.is_global_data else None
        ids = self._btf_ids(mspec)
        try:
            if ids is not None:
                try:
                    m = create_map_from_spec(
                        mspec,
                        btf=self.coll.btf_fd,
                        key_type_id=ids[0],
                        value_type_id=ids[1],
                        kernel_name=kernel_name,
                    )
                except KernelError as e:
                    if e.errno == errno.EPERM:
                        raise
                    # libbpf too retries without BTF (types the kernel will not describe)
                    m = create_map_from_spec(mspec, kernel_name=kernel_name)
                    self.coll.notes.append(f"map {name!r}: created without BTF ({e.hint or e})")
            else:
                m = create_map_from_spec(mspec, kernel_name=kernel_name)
        except KernelError as e:
            if e.errno != errno.EPERM and not probes.map_type_supported(mspec.type):
                raise LoadError(
                    f"{self.where()}map {name!r}: this kernel has no {mspec.type.name} maps"
                ) from e
            raise
        m.btf = self.spec.btf
        return m

    def _pin_folder_path(self) -> str:
        if self._pin_folder is None:
            self._pin_folder = ensure_bpffs(self.pin_root)
        return self._pin_folder

    def _reuse_pinned(self, name: str, mspec: MapSpec) -> KernelMapFd | None:
        path = pin_path(self._pin_folder_path(), name)
        fd = open_pinned(path)
        if fd is None:
            return None
        try:
            check_reusable(fd, mspec, path)
            m = map_class(mspec.type)(fd, mspec)
        except BaseException:
            fd.close()
            raise
        m.btf = self.spec.btf
        self.reused.add(name)
        self.coll.pinned[name] = path
        return m

    def _pin_maps(self) -> None:
        for name, mspec in self.spec.maps.items():
            if mspec.pinning != PinType.BY_NAME or name in self.reused:
                continue
            path = pin_path(self._pin_folder_path(), name)
            obj_pin(self.coll.maps[name], path)
            self.new_pins.append(path)
            self.coll.pinned[name] = path

    def unpin_new(self) -> None:
        for path in self.new_pins:
            with contextlib.suppress(OSError):
                os.unlink(path)
        self.new_pins.clear()

    def _fill_map_in_maps(self) -> None:
        self._fill_slots(lambda t: t.is_map_in_map, self.coll.maps, "map")

    def _fill_prog_arrays(self) -> None:
        self._fill_slots(lambda t: t == MapType.PROG_ARRAY, self.coll.programs, "program")

    def _fill_slots(self, kind: Any, objects: Mapping[str, Any], what: str) -> None:
        """The object's `.values` initialisers: slots naming maps or programs of the object
        (not for a reused pinned map: its contents are someone else's)."""
        for name, mspec in self.spec.maps.items():
            if not kind(mspec.type) or name in self.reused:
                continue
            for key, value in mspec.contents:
                # A name of the object's; anything else (a loaded map or program, an fd)
                # goes into the slot as given.
                found = objects.get(value) if isinstance(value, str) else value
                if found is None:
                    raise LoadError(
                        f"{self.where()}map {name}: initial value {value!r} names no {what}"
                    )
                self.coll.maps[name][key] = found

    # ---- programs --------------------------------------------------------------------------------
    def _program(self, pspec: ProgramSpec) -> KernelProgram:
        label = f"{self.where()}program {pspec.name} (section {pspec.section!r})"
        if pspec.type == ProgramType.UNSPEC:
            raise LoadError(f"{label} has no program type; choose one")
        insns = self._with_map_fds(pspec, label)
        fixes: list[core.CoreFix] = []
        if pspec.core_relos:
            btf = pspec.btf or self.spec.btf
            if btf is None:
                raise LoadError(f"{label}: CO-RE relocations without BTF")
            insns, fixes = core.relocate(
                insns, pspec.core_relos, btf, self._core_target(), program=pspec.name
            )
            self.coll.core[pspec.name] = fixes
        func_info, line_info = self._source_info(pspec)
        kern_version = pspec.kernel_version or self.spec.kernel_version
        if pspec.type == ProgramType.KPROBE and not kern_version:
            kern_version = kernel_version_code()  # kernels before 5.0 insist on it
        try:
            prog = load_program(
                insns,
                pspec.type,
                license=pspec.license or self.spec.license,
                name=pspec.name,
                expected_attach_type=pspec.attach_type,
                log_level=self.log_level,
                log_size=self.log_size,
                prog_flags=ProgFlags.SLEEPABLE if pspec.sleepable else ProgFlags.NONE,
                kern_version=kern_version,
                btf=self.coll.btf_fd if func_info else None,
                func_info=func_info,
                line_info=line_info,
                attach_btf_id=self._attach_btf_id(pspec, label),
            )
        except VerifierError as e:
            fix = core.poisoned_at(fixes, e.insn)
            if fix is not None:
                line = pspec.line_at(fix.slot)
                raise VerifierError(
                    f"CO-RE relocation failed: {fix.access}: {fix.reason} (target BTF: "
                    f"{self._core_target().btf.source}); guard the access with "
                    f"{core.guard_for(fix.kind)}",
                    insn=e.insn,
                    source=str(line) if line is not None else e.source,
                    log=e.log,
                    program=pspec.name,
                ) from e
            raise
        except KernelError as e:
            self._explain_refusal(pspec, e, label)
            raise
        prog.spec = pspec
        prog.collection = self.coll
        return prog

    def _with_map_fds(self, pspec: ProgramSpec, label: str) -> list[Instruction]:
        insns = list(pspec.instructions)
        index: dict[int, int] = {}
        slot = 0
        for i, insn in enumerate(insns):
            index[slot] = i
            slot += insn.slots
        map_srcs = (PseudoSrc.MAP_FD, PseudoSrc.MAP_VALUE)
        for ref in pspec.map_refs:
            pos = index.get(ref.slot)
            if pos is None or not insns[pos].is_lddw or insns[pos].src not in map_srcs:
                raise LoadError(f"{label}: slot {ref.slot} is not a map reference")
            m = self.coll.maps.get(ref.map)
            if m is None:
                raise LoadError(f"{label}: slot {ref.slot} refers to unknown map {ref.map!r}")
            old = insns[pos]
            # The second half's imm keeps the offset into a MAP_VALUE; the first gets the fd.
            insns[pos] = Instruction(old.opcode, old.dst, old.src, old.off, m.fileno(), old.imm_hi)
        return insns

    def _source_info(self, pspec: ProgramSpec) -> tuple[list[FuncInfo], list[LineInfo]]:
        if self.coll.btf_fd is None or not pspec.func_info:
            return [], []
        funcs = [FuncInfo(f.slot, f.type_id) for f in pspec.func_info]
        lines = []
        for li in pspec.line_info:
            file_off = self.strings.get(li.file)
            text_off = self.strings.get(li.text)
            if file_off is None or text_off is None:
                return funcs, []
            lines.append(LineInfo(li.slot, file_off, text_off, li.line, li.column))
        return funcs, lines

    def _core_target(self) -> core.CoreTarget:
        if self._target is None:
            btf = self.core_btf
            if btf is None:
                btf = load_vmlinux()
            elif isinstance(btf, str):
                btf = load_vmlinux(btf)
            self._target = core.target_for(btf)
        return self._target

    def _attach_btf_id(self, pspec: ProgramSpec, label: str) -> int:
        """The kernel BTF id a BTF-typed tracing program attaches to (tp_btf, fentry, lsm)."""
        if pspec.type == ProgramType.EXT:
            raise LoadError(f"{label}: freplace programs are not supported")
        if pspec.type not in (ProgramType.TRACING, ProgramType.LSM):
            return 0
        match = match_section(pspec.section)
        rule = match.rule if match else ""
        name = pspec.attach_to
        if not name:
            raise LoadError(f"{label}: the section names no attach target")
        vmlinux = load_vmlinux()
        found: Any
        if rule == "tp_btf":
            found, what = vmlinux.get(f"btf_trace_{name}", Typedef), "raw tracepoint"
        elif rule.startswith("lsm"):
            found, what = vmlinux.get(f"bpf_lsm_{name}", Func), "LSM hook"
        elif rule.startswith("iter"):
            found, what = vmlinux.get(f"bpf_iter_{name}", Func), "iterator"
        else:
            found, what = vmlinux.get(name, Func), "function"
        if found is None:
            raise LoadError(f"{label}: the kernel's BTF has no {what} {name!r}")
        return vmlinux.type_id(found)

    def _explain_refusal(self, pspec: ProgramSpec, e: KernelError, label: str) -> None:
        """Turn a refusal that says "this kernel lacks the feature" into a clear LoadError."""
        ptype = pspec.type
        if e.errno == errno.EPERM:
            if missing_capabilities(required_capabilities(Cmd.PROG_LOAD, ptype)):
                return  # the hint already names the capability
            if ptype in (ProgramType.TRACING, ProgramType.LSM):
                match = match_section(pspec.section)
                kind = match.rule if match else ptype.name.lower()
                raise LoadError(
                    f"{label}: {kind} programs are not available on this kernel: it refused "
                    "the load with EPERM although the process has the capabilities (BPF "
                    "trampolines or the BPF LSM are not enabled in this build)"
                ) from e
            return
        if not probes.program_type_supported(ptype):
            raise LoadError(f"{label}: this kernel cannot load {ptype.name} programs") from e
