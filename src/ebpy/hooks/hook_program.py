"""Loading the one program a hook runs: choose it, give it its type, set constants and maps.

The system-call and Python-function hooks run programs whose context is a small read-only
struct (`struct seccomp_data`, `struct pyprobe_ctx`) and which call the tracing helpers (maps,
clocks, the current task, bpf_probe_read_user*). The kernel has no program type of that name,
so ebpy loads them as raw tracepoint programs: the context is read-only, loads of any size are
allowed inside its first 96 bytes, and the tracing helpers are available, which is what these
hooks give. Their section names (`seccomp`, `pyprobe`) are ebpy's own.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebpy.errors import CodecError, EbpyError
from ebpy.runtime.bound import BoundProgram
from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType

HOOK_PROGRAM_TYPE = ProgramType.RAW_TRACEPOINT
HOOK_CTX_LIMIT = 96  # bytes a raw tracepoint program may read from its context
USERSPACE_ENGINES = ("interp", "jit")


@dataclass(frozen=True)
class MapEntry:
    """A map element to store before the hook starts (`coll.maps[map][key] = value`)."""

    map: str
    key: Any
    value: Any = 1


@dataclass
class LoadedHook:
    """A loaded collection and its hook program bound to a context buffer."""

    collection: Any
    program: Any
    bound: BoundProgram

    def close(self) -> None:
        self.bound.close()
        self.collection.close()


def choose_hook_program(spec: CollectionSpec, section: str, name: str | None) -> ProgramSpec:
    """The program `name`, or the only one in `section`, or the only one in the object."""
    if name is not None:
        return spec.program(name)
    in_section = [p for p in spec.programs.values() if p.section == section]
    if len(in_section) == 1:
        return in_section[0]
    if len(in_section) > 1:
        names = ", ".join(p.name for p in in_section)
        raise EbpyError(
            f"{_where(spec)}section {section!r} holds several programs ({names}); "
            "choose one with --program"
        )
    return spec.program(None)


def load_hook(
    source: str | Path | bytes | CollectionSpec,
    *,
    section: str,
    ctx_size: int,
    engine: str = "interp",
    program: str | None = None,
    constants: Mapping[str, Any] | None = None,
    entries: Iterable[MapEntry] = (),
    verify: bool = True,
    hook_record: Any = None,
) -> LoadedHook:
    """Load the hook program of `source` on a userspace engine, bound to a `ctx_size` context.
    On the JIT, `hook_record` (an ebpy.jit.hook_helpers.HookRecord the hook fills) makes the
    task (and user memory) helpers native."""
    if engine not in USERSPACE_ENGINES:
        raise EbpyError(
            f"engine {engine!r} cannot run userspace hooks (engines: {', '.join(USERSPACE_ENGINES)})"
        )
    if isinstance(source, CollectionSpec):
        spec = source.copy()  # the caller's spec stays as it was
    else:
        from ebpy import load_spec

        spec = load_spec(str(source) if isinstance(source, Path) else source)
    pspec = choose_hook_program(spec, section, program)
    if pspec.type not in (ProgramType.UNSPEC, HOOK_PROGRAM_TYPE):
        raise EbpyError(
            f"{_where(spec)}program {pspec.name} (section {pspec.section!r}) is a "
            f"{pspec.type.name.lower()} program; this hook runs programs in section {section!r}"
        )
    pspec.type = HOOK_PROGRAM_TYPE
    for name, value in (constants or {}).items():
        set_global(spec, name, value)
    options = {"hook": hook_record} if hook_record is not None and engine == "jit" else {}
    coll = spec.load(engine=engine, programs=[pspec.name], verify=verify, **options)
    try:
        for entry in entries:
            store_entry(coll, entry)
        prog = coll.programs[pspec.name]
        bound = BoundProgram(prog, max(ctx_size, HOOK_CTX_LIMIT), f"{section} context")
    except BaseException:
        coll.close()
        raise
    return LoadedHook(coll, prog, bound)


def set_global(spec: CollectionSpec, name: str, value: Any) -> None:
    """Set a global variable of `spec` before loading (a `const volatile`, or one in .data or
    .bss), with one-line errors."""
    try:
        spec.variables[name] = value
    except KeyError as e:
        raise EbpyError(f"{_where(spec)}{e.args[0]}") from None
    except (CodecError, ValueError, TypeError) as e:
        raise EbpyError(f"{_where(spec)}{name}: {e}") from None


def store_entry(coll: Any, entry: MapEntry) -> None:
    """Store one MapEntry in a loaded collection's map, with one-line errors."""
    m = coll.maps.get(entry.map)
    if m is None:
        known = ", ".join(coll.maps) or "none"
        raise EbpyError(f"no map {entry.map!r} (maps: {known})")
    try:
        m[entry.key] = entry.value
    except EbpyError as e:
        raise EbpyError(f"map {entry.map}: {entry.key!r} -> {entry.value!r}: {e}") from None
    except (ValueError, TypeError, KeyError) as e:
        raise EbpyError(f"map {entry.map}: {entry.key!r} -> {entry.value!r}: {e}") from None


def _where(spec: CollectionSpec) -> str:
    return f"{spec.path}: " if spec.path else ""
