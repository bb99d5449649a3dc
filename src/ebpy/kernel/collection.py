"""KernelCollection: a CollectionSpec loaded into the running kernel.

The same shape as the userspace engines' Collection: `programs[name]` (test_run, run, attach),
`maps[name]` (the shared MapAPI over bpf()), `close()` and `with`. On top: `links` made by
attaching, `attach_all()`, live global variables, ring/perf buffer readers and trace_pipe.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ebpy.errors import LoadError
from ebpy.kernel.core import CoreFix
from ebpy.kernel.fd import Fd
from ebpy.kernel.link import Link
from ebpy.kernel.maps import KernelMapFd
from ebpy.kernel.program import KernelProgram
from ebpy.maps.variables import LiveVariables
from ebpy.spec import CollectionSpec, MapType
from ebpy.spec.map_spec import DataVariable


class KernelCollection:
    """Maps, programs and links of one CollectionSpec in the kernel. A context manager."""

    engine = "kernel"

    def __init__(self, spec: CollectionSpec) -> None:
        self.spec = spec
        self.maps: dict[str, KernelMapFd] = {}
        self.programs: dict[str, KernelProgram] = {}
        self.links: list[Link] = []
        self.btf_fd: Fd | None = None  # the object's BTF in the kernel (None without BTF)
        self.core: dict[str, list[CoreFix]] = {}  # CO-RE relocations applied, per program
        self.pinned: dict[str, str] = {}  # map name -> path, for maps pinned by name
        self.notes: list[str] = []  # what was done differently than asked (BTF dropped, ...)
        self._readers: list[Any] = []
        self._closed = False

    # ---- attaching -------------------------------------------------------------------------------
    def attach_all(self, **targets: Any) -> list[Link]:
        """Attach every program where its section says, with `targets` (iface=, cgroup=, ...)
        for hooks the section cannot name. All or nothing: on an error, the links made so far
        are closed. The links are also kept in `links` (closed with the collection)."""
        from ebpy.kernel.attach import needs

        missing = []
        for prog in self.programs.values():
            need = needs(prog)
            if need == "unsupported":
                kind = getattr(prog.type, "name", str(prog.type)).lower()
                missing.append(f"{prog.name} ({kind} programs cannot be attached by ebpy)")
            elif need is not None and targets.get(need) is None:
                missing.append(f"{prog.name} needs {need}=")
        if missing:
            raise LoadError(f"cannot attach every program: {'; '.join(missing)}")
        made: list[Link] = []
        try:
            for prog in self.programs.values():
                made.append(prog.attach(**targets))
        except BaseException:
            for link in reversed(made):
                with contextlib.suppress(Exception):
                    link.close()
                with contextlib.suppress(ValueError):
                    self.links.remove(link)
            raise
        return made

    # ---- reading ---------------------------------------------------------------------------------
    def ring_buffer(self, name: str, record_type: Any = None) -> Any:
        """A reader of ring buffer map `name` (closed with the collection)."""
        m = self._map(name, MapType.RINGBUF)
        reader = m.reader(record_type)  # type: ignore[attr-defined]
        self._readers.append(reader)
        return reader

    def perf_buffer(self, name: str, record_type: Any = None, **options: Any) -> Any:
        """A reader of perf event array `name` (pages=, lost=); closed with the collection."""
        m = self._map(name, MapType.PERF_EVENT_ARRAY)
        reader = m.reader(record_type, **options)  # type: ignore[attr-defined]
        self._readers.append(reader)
        return reader

    def reader(self, name: str, record_type: Any = None) -> Any:
        """A reader for an event map of either kind (ring buffer or perf event array)."""
        m = self.maps.get(name)
        if m is not None and m.type == MapType.PERF_EVENT_ARRAY:
            return self.perf_buffer(name, record_type)
        return self.ring_buffer(name, record_type)

    def _map(self, name: str, mtype: MapType) -> KernelMapFd:
        m = self.maps.get(name)
        if m is None:
            raise LoadError(f"no map {name!r} (maps: {', '.join(self.maps) or 'none'})")
        if m.type != mtype:
            raise LoadError(f"map {name!r} is a {m.type.name} map, not {mtype.name}")
        return m

    @property
    def variables(self) -> KernelVariables:
        """Global variables (.data, .bss, .rodata, ...) read and written in the kernel's maps."""
        return KernelVariables(self.spec, self.maps)

    def trace_pipe(self) -> Any:
        """The system's trace_pipe (bpf_trace_printk output of every program, consumed)."""
        from ebpy.kernel.tracefs import TracePipe

        return TracePipe()

    # ---- lifetime --------------------------------------------------------------------------------
    def close(self) -> None:
        """Detach every link, then close readers, programs, maps and the BTF. Idempotent."""
        if self._closed:
            return
        self._closed = True
        errors: list[BaseException] = []
        for obj in [*reversed(self.links), *self._readers, *self.programs.values()]:
            try:
                obj.close()
            except Exception as e:  # keep closing the rest; report the first
                errors.append(e)
        for m in self.maps.values():
            try:
                m.close()
            except Exception as e:
                errors.append(e)
        if self.btf_fd is not None:
            self.btf_fd.close()
        self.links.clear()
        self._readers.clear()
        if errors:
            raise errors[0]

    @property
    def closed(self) -> bool:
        return self._closed

    def __enter__(self) -> KernelCollection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __iter__(self) -> Iterator[str]:
        return iter(self.programs)

    def __repr__(self) -> str:
        state = "closed" if self._closed else f"{len(self.links)} links"
        return (
            f"<Collection on kernel: programs {list(self.programs)}, maps {list(self.maps)}, "
            f"{state}>"
        )


class KernelVariables(LiveVariables):
    """Global variables in the kernel's maps: through the mmap for BPF_F_MMAPABLE sections
    (.data, .bss), else with map lookups/updates."""

    def _raw(self, m: Any) -> bytes | memoryview:
        return m.memory() if m.spec.mmapable else super()._raw(m)

    def _store(self, m: Any, var: DataVariable, data: bytes) -> None:
        if m.spec.mmapable:
            m.memory()[var.offset : var.offset + var.size] = data
        else:
            super()._store(m, var, data)
