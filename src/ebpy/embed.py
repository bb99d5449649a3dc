"""Embedding: a Python application hosting user-supplied eBPF programs as plugins.

The application defines the context its plugins see (a C struct, given as C text or as a
Python list of fields), chooses which helpers plugins may call, and loads each uploaded object
through a PluginHost: the object is checked (helpers, then ebpy's verifier) before anything
runs, and every run has an instruction budget. A rejected plugin raises an error that says
why in one line: the helper by name, or the verifier's reason with the C source line.

    from ebpy.embed import ContextLayout, PluginHost

    layout = ContextLayout.from_c('''
        struct event {
            __u32 kind;
            __u32 size;
            __u8  name[16];
        };''')
    host = PluginHost(layout, helpers={"bpf_map_lookup_elem", "bpf_map_update_elem"})
    plugin = host.load(uploaded_bytes, name="tenant-7")   # VerifierError, PluginError
    verdict = plugin.run(kind=1, size=300, name=b"report")   # r0
    plugin.maps["counters"][1]

Plugins are programs in section "plugin" (or the object's only program). Their context is
read-only and at most 96 bytes: ebpy verifies plugins as raw tracepoint programs, whose
context is an argument block of that size, and which may call the tracing helpers (maps,
clocks, ring buffers, bpf_loop, ...) that the host's allow-list narrows down. See
docs/embedding.md.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ebpy.errors import EbpyError
from ebpy.hooks.closing import Closing
from ebpy.hooks.hook_program import HOOK_CTX_LIMIT, HOOK_PROGRAM_TYPE, choose_hook_program
from ebpy.spec import CollectionSpec, ProgramType
from ebpy.spec.helper_ids import HELPER_IDS, HELPER_NAMES

SECTION = "plugin"
MAX_CONTEXT = HOOK_CTX_LIMIT
DEFAULT_BUDGET = 1_000_000  # instructions per run
ENGINES = ("jit", "interp")

# What a plugin may call unless the host says otherwise: state in maps, time, randomness,
# loops and strings, output through ring buffers. Nothing that reads memory outside the
# plugin's own (bpf_probe_read_*) or says anything about the host process (pid, uid, comm).
DEFAULT_HELPERS = frozenset(
    {
        "bpf_map_lookup_elem",
        "bpf_map_update_elem",
        "bpf_map_delete_elem",
        "bpf_map_push_elem",
        "bpf_map_pop_elem",
        "bpf_map_peek_elem",
        "bpf_for_each_map_elem",
        "bpf_spin_lock",
        "bpf_spin_unlock",
        "bpf_ktime_get_ns",
        "bpf_ktime_get_boot_ns",
        "bpf_get_prandom_u32",
        "bpf_get_smp_processor_id",
        "bpf_loop",
        "bpf_strncmp",
        "bpf_trace_printk",
        "bpf_ringbuf_output",
        "bpf_ringbuf_reserve",
        "bpf_ringbuf_submit",
        "bpf_ringbuf_discard",
        "bpf_ringbuf_query",
    }
)


class LayoutError(EbpyError):
    """A context layout (C text or fields) that cannot be used."""


class PluginError(EbpyError):
    """A plugin the host refuses before verification (no program, a helper not allowed)."""


# ---- the context -------------------------------------------------------------------------
class FieldType:
    """The scalar types a context field may have: (size, signed)."""

    TYPES: dict[str, tuple[int, bool]] = {
        "u8": (1, False),
        "u16": (2, False),
        "u32": (4, False),
        "u64": (8, False),
        "s8": (1, True),
        "s16": (2, True),
        "s32": (4, True),
        "s64": (8, True),
    }
    # C spellings accepted by from_c(), and the name the header uses for each type.
    C_NAMES: dict[str, str] = {
        "__u8": "u8", "__u16": "u16", "__u32": "u32", "__u64": "u64",
        "__s8": "s8", "__s16": "s16", "__s32": "s32", "__s64": "s64",
        "__be16": "u16", "__be32": "u32", "__be64": "u64",
        "char": "u8", "unsigned char": "u8", "signed char": "s8",
        "unsigned short": "u16", "short": "s16",
        "unsigned int": "u32", "unsigned": "u32", "int": "s32",
        "unsigned long long": "u64", "long long": "s64",
    }  # fmt: skip
    HEADER_NAMES: dict[str, str] = {t: f"__{t}" for t in TYPES}


@dataclass(frozen=True)
class Field:
    """One member of the context struct: `type` is u8..u64 or s8..s64; `count` > 1 makes an
    array (u8 arrays take and give bytes)."""

    name: str
    type: str
    count: int = 1
    doc: str = ""

    @property
    def size(self) -> int:
        return FieldType.TYPES[self.type][0] * self.count

    @property
    def elem_size(self) -> int:
        return FieldType.TYPES[self.type][0]

    @property
    def signed(self) -> bool:
        return FieldType.TYPES[self.type][1]


_IDENT = re.compile(r"[A-Za-z_]\w*\Z")


class ContextLayout:
    """A C struct laid out as clang lays it out for BPF (natural alignment, tail padding)."""

    def __init__(self, name: str, fields: Sequence[Field]) -> None:
        if not _IDENT.match(name):
            raise LayoutError(f"struct name {name!r} is not a C identifier")
        if not fields:
            raise LayoutError(f"struct {name} has no fields")
        self.name = name
        self.fields = tuple(fields)
        self.offsets: dict[str, int] = {}
        offset, align = 0, 1
        for f in self.fields:
            if not _IDENT.match(f.name):
                raise LayoutError(f"struct {name}: field name {f.name!r} is not a C identifier")
            if f.name in self.offsets:
                raise LayoutError(f"struct {name}: field {f.name} appears twice")
            if f.type not in FieldType.TYPES:
                known = ", ".join(FieldType.TYPES)
                raise LayoutError(
                    f"struct {name}: field {f.name}: unknown type {f.type!r} ({known})"
                )
            if f.count < 1:
                raise LayoutError(f"struct {name}: field {f.name}: array length must be positive")
            offset = -(-offset // f.elem_size) * f.elem_size
            self.offsets[f.name] = offset
            offset += f.size
            align = max(align, f.elem_size)
        self.size = -(-offset // align) * align
        self._by_name = {f.name: f for f in self.fields}

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ContextLayout):
            return NotImplemented
        strip = [(f.name, f.type, f.count) for f in self.fields]
        return self.name == other.name and strip == [
            (f.name, f.type, f.count) for f in other.fields
        ]

    def __hash__(self) -> int:
        return hash((self.name, tuple((f.name, f.type, f.count) for f in self.fields)))

    def __repr__(self) -> str:
        return f"<ContextLayout struct {self.name}: {len(self.fields)} fields, {self.size} bytes>"

    def field(self, name: str) -> Field:
        f = self._by_name.get(name)
        if f is None:
            known = ", ".join(self._by_name)
            raise LayoutError(f"struct {self.name} has no field {name!r} (fields: {known})")
        return f

    # ---- C text ---------------------------------------------------------------------------
    @classmethod
    def from_c(cls, text: str) -> ContextLayout:
        """Parse one `struct NAME { TYPE NAME[N]; ... };` (comments allowed; the scalar types
        of ebpy/bpf.h and their plain C spellings)."""
        return _parse_struct(text)

    def c_header(self, guard: str | None = None) -> str:
        """The struct as a C header plugin authors include (it includes ebpy/bpf.h)."""
        guard = guard or f"EBPY_CONTEXT_{self.name.upper()}_H"
        lines = [
            f"/* The context of plugins: struct {self.name}, {self.size} bytes, read-only. */",
            f"#ifndef {guard}",
            f"#define {guard}",
            "",
            "#include <ebpy/bpf.h>",
            "",
            f"struct {self.name} {{",
        ]
        for f in self.fields:
            decl = f"\t{FieldType.HEADER_NAMES[f.type]} {f.name}"
            decl += f"[{f.count}];" if f.count > 1 else ";"
            if f.doc:
                decl += f" /* {f.doc} */"
            lines.append(decl)
        lines += ["};", "", f"#endif /* {guard} */", ""]
        return "\n".join(lines)

    # ---- values -----------------------------------------------------------------------------
    def pack(self, values: Mapping[str, Any] | None = None, **more: Any) -> bytes:
        """The struct's bytes; fields not given are zero."""
        buf = bytearray(self.size)
        self.pack_into(buf, values, **more)
        return bytes(buf)

    def pack_into(
        self, buf: bytearray | memoryview, values: Mapping[str, Any] | None = None, **more: Any
    ) -> None:
        """Write the fields given into `buf` (which holds at least `size` bytes)."""
        items = dict(values or {}, **more)
        for name, value in items.items():
            f = self.field(name)
            off = self.offsets[name]
            buf[off : off + f.size] = _encode(self.name, f, value)

    def unpack(self, data: bytes | bytearray | memoryview) -> dict[str, Any]:
        if len(data) < self.size:
            raise LayoutError(f"struct {self.name} is {self.size} bytes, got {len(data)}")
        out: dict[str, Any] = {}
        for f in self.fields:
            off = self.offsets[f.name]
            raw = bytes(data[off : off + f.size])
            if f.count > 1 and f.type == "u8":
                out[f.name] = raw
            elif f.count > 1:
                n = f.elem_size
                out[f.name] = [
                    int.from_bytes(raw[i : i + n], "little", signed=f.signed)
                    for i in range(0, f.size, n)
                ]
            else:
                out[f.name] = int.from_bytes(raw, "little", signed=f.signed)
        return out


def _encode(struct_name: str, f: Field, value: Any) -> bytes:
    where = f"struct {struct_name}: field {f.name}"
    if f.count > 1 and f.type == "u8":
        if isinstance(value, str):
            value = value.encode()
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise LayoutError(f"{where} takes bytes, got {type(value).__name__}")
        if len(value) > f.count:
            raise LayoutError(f"{where} holds {f.count} bytes, got {len(value)}")
        return bytes(value).ljust(f.count, b"\0")
    values = list(value) if f.count > 1 else [value]
    if f.count > 1 and len(values) > f.count:
        raise LayoutError(f"{where} holds {f.count} values, got {len(values)}")
    out = b""
    bits = 8 * f.elem_size
    lo, hi = (-(1 << (bits - 1)), (1 << (bits - 1)) - 1) if f.signed else (0, (1 << bits) - 1)
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int):
            raise LayoutError(f"{where} takes integers, got {type(v).__name__}")
        if not lo <= v <= hi:
            raise LayoutError(f"{where}: {v} does not fit in {f.type}")
        out += (v & ((1 << bits) - 1)).to_bytes(f.elem_size, "little")
    return out.ljust(f.size, b"\0")


_COMMENT = re.compile(r"/\*.*?\*/|//[^\n]*", re.S)
_STRUCT = re.compile(r"^\s*struct\s+([A-Za-z_]\w*)\s*\{(.*)\}\s*;?\s*$", re.S)
_MEMBER = re.compile(
    r"^((?:[A-Za-z_]\w*\s+)*?[A-Za-z_]\w*)\s+([A-Za-z_]\w*)\s*(?:\[\s*(\d+)\s*\])?$"
)


def _parse_struct(text: str) -> ContextLayout:
    comments: list[tuple[int, str]] = []

    def blank(m: re.Match[str]) -> str:
        comments.append((m.start(), m.group(0).strip("/*").strip(" *\t\n")))
        return " " * len(m.group(0))  # same length: positions still point into `text`

    clean = _COMMENT.sub(blank, text)
    m = _STRUCT.match(clean)
    if m is None:
        raise LayoutError("expected one `struct NAME { TYPE NAME; ... };` and nothing else")
    name = m.group(1)
    fields = []
    pos = m.start(2)
    for raw in m.group(2).split(";")[:-1]:
        begin = pos + len(raw) - len(raw.lstrip())
        end = pos + len(raw) + 1  # just past the ';'
        pos = end
        decl = " ".join(raw.split())
        line = clean.count("\n", 0, begin) + 1
        member = _MEMBER.match(decl)
        if member is None:
            raise LayoutError(f"line {line}: cannot read the member declaration {decl!r}")
        ctype, fname, count = member.group(1), member.group(2), member.group(3)
        kind = FieldType.C_NAMES.get(ctype) or (ctype if ctype in FieldType.TYPES else None)
        if kind is None:
            raise LayoutError(
                f"line {line}: member {fname}: type {ctype!r} is not one of the scalar types "
                "(__u8 .. __u64, __s8 .. __s64, __be16/32/64, or their C spellings)"
            )
        # A comment after the ';' on the same line documents the member.
        line_end = clean.find("\n", end)
        line_end = len(clean) if line_end < 0 else line_end
        doc = next((c for at, c in comments if end <= at < line_end), "")
        fields.append(Field(fname, kind, int(count) if count else 1, doc))
    if m.group(2).split(";")[-1].strip():
        raise LayoutError(f"struct {name}: the last member has no ';'")
    if not fields:
        raise LayoutError(f"struct {name} has no members")
    return ContextLayout(name, fields)


# ---- hosting ------------------------------------------------------------------------------
def _helper_ids(helpers: Iterable[str | int]) -> frozenset[int]:
    ids = set()
    for h in helpers:
        if isinstance(h, int):
            if h not in HELPER_NAMES:
                raise PluginError(f"unknown helper id {h}")
            ids.add(h)
            continue
        hid = HELPER_IDS.get(h) or HELPER_IDS.get(f"bpf_{h}")
        if hid is None:
            raise PluginError(f"unknown helper {h!r}")
        ids.add(hid)
    return frozenset(ids)


class PluginHost:
    """Loads plugins for one context layout, with one helper allow-list and budget.

    `engine` is "jit" (native code) or "interp" (the checked reference interpreter);
    `budget` is the most instructions one run may execute (None: no limit, which only a
    verified program should get); `verify=False` skips ebpy's verifier and is only for code
    the application trusts.
    """

    def __init__(
        self,
        layout: ContextLayout,
        *,
        helpers: Iterable[str | int] = DEFAULT_HELPERS,
        engine: str = "jit",
        budget: int | None = DEFAULT_BUDGET,
        section: str = SECTION,
        verify: bool = True,
    ) -> None:
        if layout.size > MAX_CONTEXT:
            raise LayoutError(
                f"struct {layout.name} is {layout.size} bytes; plugin contexts hold at most "
                f"{MAX_CONTEXT} (put bigger data in a map the plugin looks up)"
            )
        if engine not in ENGINES:
            raise PluginError(
                f"engine {engine!r} cannot host plugins (engines: {', '.join(ENGINES)})"
            )
        if budget is not None and budget < 1:
            raise PluginError(f"budget must be at least 1 instruction, got {budget}")
        self.layout = layout
        self.helpers = _helper_ids(helpers)
        self.engine = engine
        self.budget = budget
        self.section = section
        self.verify = verify

    @property
    def helper_names(self) -> list[str]:
        return sorted(HELPER_NAMES[h] for h in self.helpers)

    def load(
        self,
        source: bytes | str | Path | CollectionSpec,
        name: str | None = None,
        program: str | None = None,
    ) -> Plugin:
        """Check and load a plugin object (its bytes, a path, or a CollectionSpec).

        Raises ObjectError (not an object), PluginError (no plugin program, a helper the host
        does not allow) or VerifierError (unsafe: the message has the instruction and the C
        line). Nothing is left loaded when it fails.
        """
        spec = self._spec(source)
        label = name or spec.path or "plugin"
        pspec = choose_hook_program(spec, self.section, program)
        if pspec.type not in (ProgramType.UNSPEC, HOOK_PROGRAM_TYPE):
            raise PluginError(
                f"{label}: program {pspec.name} (section {pspec.section!r}) is a "
                f"{pspec.type.name.lower()} program; plugins are in section {self.section!r}"
            )
        self._check_helpers(label, pspec)
        pspec.type = HOOK_PROGRAM_TYPE
        options: dict[str, Any] = {"programs": [pspec.name], "verify": self.verify}
        if self.budget is not None:
            options["budget"] = self.budget
        coll = spec.load(engine=self.engine, **options)
        try:
            return Plugin(label, self.layout, coll, coll.programs[pspec.name])
        except BaseException:
            coll.close()
            raise

    def _spec(self, source: bytes | str | Path | CollectionSpec) -> CollectionSpec:
        if isinstance(source, CollectionSpec):
            return source.copy()
        from ebpy import load_spec

        if not isinstance(source, (bytes, bytearray, memoryview, str, Path)):
            raise PluginError(
                f"a plugin is an object's bytes, a path or a CollectionSpec, not "
                f"{type(source).__name__}"
            )
        return load_spec(bytes(source) if isinstance(source, (bytearray, memoryview)) else source)

    def _check_helpers(self, label: str, pspec: Any) -> None:
        for slot, insn in pspec.slots.items():
            if insn.is_helper_call and insn.imm not in self.helpers:
                helper = HELPER_NAMES.get(insn.imm, f"helper {insn.imm}")
                where = _source_line(pspec, slot)
                raise PluginError(
                    f"{label}: insn {slot}: calls {helper}, which this host does not allow"
                    + (f" (at {where})" if where else "")
                )


def _source_line(pspec: Any, slot: int) -> str:
    """file:line of the C source for an instruction, from the object's line info."""
    best = None
    for li in getattr(pspec, "line_info", ()):
        if li.slot <= slot and (best is None or li.slot >= best.slot):
            best = li
    if best is None:
        return ""
    text = f"{Path(best.file).name}:{best.line}"
    return f"{text}: {best.text.strip()}" if best.text else text


class Plugin(Closing):
    """A loaded plugin. `run()` is safe to call from several threads (one run at a time)."""

    def __init__(self, name: str, layout: ContextLayout, collection: Any, program: Any) -> None:
        from ebpy.runtime.bound import BoundProgram

        self.name = name
        self.layout = layout
        self.collection = collection
        self.program = program
        self.maps: dict[str, Any] = collection.maps
        self._bound = BoundProgram(program, max(layout.size, MAX_CONTEXT), f"{name} context")
        self._lock = threading.Lock()
        self._zero = bytes(len(self._bound.ctx))

    def run(self, ctx: bytes | bytearray | memoryview | None = None, **fields: Any) -> int:
        """Run once over a context: raw bytes (`ctx`), or fields by name (others zero).

        Returns r0 (64 bits). A run that goes over the budget raises RuntimeFault; on the
        interpreter a bad memory access raises MemoryFault.
        """
        with self._lock:
            buf = self._bound.ctx
            buf[:] = self._zero
            if ctx is not None:
                if not isinstance(ctx, (bytes, bytearray, memoryview)):
                    raise LayoutError(f"a context is bytes, not {type(ctx).__name__}")
                if len(ctx) > self.layout.size:
                    raise LayoutError(
                        f"struct {self.layout.name} is {self.layout.size} bytes, got {len(ctx)}"
                    )
                buf[: len(ctx)] = ctx
            if fields:
                self.layout.pack_into(buf, fields)
            return self._bound()

    @property
    def trace(self) -> list[str]:
        """bpf_trace_printk output so far."""
        lines: list[str] = self.collection.trace
        return lines

    def close(self) -> None:
        self._bound.close()
        self.collection.close()

    def __repr__(self) -> str:
        return f"<Plugin {self.name} ({self.program.name}) on {self.collection.engine.name}>"


__all__ = [
    "DEFAULT_HELPERS",
    "MAX_CONTEXT",
    "ContextLayout",
    "Field",
    "LayoutError",
    "Plugin",
    "PluginError",
    "PluginHost",
]
