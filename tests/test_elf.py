"""ebpy.elf.load_spec: programs, subprograms, maps, global data, license, BTF of compiled objects."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import ebpy
from ebpy import load_spec
from ebpy.btf import Datasec, Struct
from ebpy.errors import EbpyError
from ebpy.isa import PseudoSrc, decode
from ebpy.spec import (
    AttachType,
    CollectionSpec,
    MapFlags,
    MapReference,
    MapType,
    PinType,
    ProgramType,
)

PROGRAMS = Path(__file__).parent / "programs"


def build(compile_bpf, name: str, source: str | None = None) -> Path:
    return compile_bpf(source if source is not None else (PROGRAMS / f"{name}.c").read_text(), name)


@pytest.fixture(scope="module")
def calls(compile_bpf) -> CollectionSpec:
    return load_spec(build(compile_bpf, "elf_calls"))


@pytest.fixture(scope="module")
def maps_spec(compile_bpf) -> CollectionSpec:
    return load_spec(build(compile_bpf, "elf_maps"))


@pytest.fixture(scope="module")
def globals_spec(compile_bpf) -> CollectionSpec:
    return load_spec(build(compile_bpf, "elf_globals"))


def targets(prog) -> dict[int, int]:
    """slot of each local call / function reference -> the slot it reaches."""
    out = {}
    for slot, insn in prog.slots.items():
        if insn.is_local_call or (insn.is_lddw and insn.src == PseudoSrc.FUNC):
            out[slot] = slot + insn.imm + 1
    return out


# ---- programs and calls ----------------------------------------------------------------------------


def test_programs_by_section(calls: CollectionSpec) -> None:
    assert list(calls.programs) == ["calls_a", "calls_b", "loop_sum", "classifier"]
    for name in ("calls_a", "calls_b", "loop_sum"):
        p = calls.programs[name]
        assert (p.section, p.type, p.attach_type) == ("xdp", ProgramType.XDP, AttachType.XDP)
        assert p.license == "GPL" and p.btf is calls.btf
    tc = calls.programs["classifier"]
    assert (tc.section, tc.type, tc.attach_type) == ("tc", ProgramType.SCHED_CLS, None)
    assert calls.license == "GPL" and calls.kernel_version == 0


def test_program_lookup_by_function_and_section(calls: CollectionSpec) -> None:
    assert calls.program("calls_b").name == "calls_b"
    assert calls.program("tc").name == "classifier"
    with pytest.raises(EbpyError, match="section 'xdp' holds several programs"):
        calls.program("xdp")
    with pytest.raises(EbpyError, match="has no program 'nope'"):
        calls.program("nope")
    with pytest.raises(EbpyError, match="has 4 programs"):
        calls.program()


def test_subprograms_are_appended_once_and_calls_fixed(calls: CollectionSpec) -> None:
    a = calls.programs["calls_a"]
    starts = {f.name: f.slot for f in a.func_info}
    assert list(starts) == ["calls_a", "add_triple", "triple", "in_section"]
    t = targets(a)
    # calls_a calls add_triple (.text, relocated) and in_section (same section, pc-relative);
    # add_triple calls triple. Every call lands on the start of the right function.
    assert sorted(t.values()) == sorted(
        [starts["add_triple"], starts["in_section"], starts["triple"]]
    )
    assert all(a.slots[s].src == 1 for s in t)
    # The static `triple` shared by two programs is in both, once each.
    b = calls.programs["calls_b"]
    assert [f.name for f in b.func_info] == ["calls_b", "triple", "global_add"]
    assert sorted(targets(b).values()) == sorted(f.slot for f in b.func_info[1:])
    tc = calls.programs["classifier"]
    assert [f.name for f in tc.func_info] == ["classifier", "add_triple", "triple"]


def test_subprogram_code_is_copied_verbatim(calls: CollectionSpec, compile_bpf) -> None:
    from ebpy.elf.reader import read_elf

    obj = build(compile_bpf, "elf_calls")
    elf = read_elf(obj.read_bytes(), str(obj))
    text = decode(elf.section(".text").data, strict=False)
    a = calls.programs["calls_a"]
    start = next(f.slot for f in a.func_info if f.name == "triple")
    sym = next(s for s in elf.symbols if s.name == "triple")
    n = sym.size // 8
    assert a.instructions[start : start + n] == text[sym.value // 8 : sym.value // 8 + n]


def test_bpf_loop_callback_is_a_function_reference(calls: CollectionSpec) -> None:
    p = calls.programs["loop_sum"]
    refs = [s for s, i in p.slots.items() if i.is_lddw and i.src == PseudoSrc.FUNC]
    assert len(refs) == 1
    cb = next(f for f in p.func_info if f.name == "sum_cb")
    assert targets(p)[refs[0]] == cb.slot
    assert p.slots[refs[0]].imm_hi == 0


def test_text_only_objects_expose_global_functions(compile_bpf) -> None:
    source = """
    #include "bpf_helpers.h"
    static __noinline int helper(int x) { return x * 2; }
    int first(void *ctx) { return helper(((struct xdp_md *)ctx)->data); }
    int second(void *ctx) { return 2; }
    """
    spec = load_spec(build(compile_bpf, "text_only", source))
    assert set(spec.programs) == {"first", "second"}
    first = spec.programs["first"]
    assert (first.section, first.type, first.attach_type) == (".text", ProgramType.UNSPEC, None)
    assert [f.name for f in first.func_info] == ["first", "helper"]


def test_objects_without_btf(compile_bpf, calls: CollectionSpec) -> None:
    source = (PROGRAMS / "elf_calls.c").read_text()
    plain = load_spec(compile_bpf(source, "elf_calls_nobtf", ("-g0",)))
    assert plain.btf is None
    for name, p in plain.programs.items():
        assert p.func_info == [] and p.line_info == [] and p.btf is None
        # The same code links the same way with or without BTF.
        assert p.instructions == calls.programs[name].instructions
    globals_plain = load_spec(
        compile_bpf((PROGRAMS / "elf_globals.c").read_text(), "elf_globals_nobtf", ("-g0",))
    )
    assert globals_plain.constants["min_ttl"] == 2  # names and offsets from the symbol table
    globals_plain.constants["min_ttl"] = 3
    assert globals_plain.constants["min_ttl"] == 3
    with pytest.raises(EbpyError, match=r"\.maps: BTF-defined maps need the object's BTF"):
        load_spec(compile_bpf((PROGRAMS / "elf_maps.c").read_text(), "elf_maps_nobtf", ("-g0",)))


def test_unknown_and_legacy_section_names(compile_bpf) -> None:
    spec = load_spec(build(compile_bpf, "elf_legacy"))
    assert spec.programs["old_socket"].type == ProgramType.SOCKET_FILTER  # "socket1"
    unknown = spec.programs["unknown_section"]
    assert (unknown.section, unknown.type) == ("mystery", ProgramType.UNSPEC)
    assert spec.kernel_version == 0x040E00 == unknown.kernel_version


# ---- maps -------------------------------------------------------------------------------------------

EXPECTED_MAPS = {
    # name: (type, key_size, value_size, max_entries, flags)
    "m_hash": (MapType.HASH, 16, 8, 128, 0),
    "m_array": (MapType.ARRAY, 4, 32, 4, 0),
    "m_perf": (MapType.PERF_EVENT_ARRAY, 4, 4, 0, 0),
    "m_pcpu_hash": (MapType.PERCPU_HASH, 4, 8, 16, 0),
    "m_pcpu_array": (MapType.PERCPU_ARRAY, 4, 8, 2, 0),
    "m_stack_trace": (MapType.STACK_TRACE, 4, 127 * 8, 32, 0),
    "m_cgroup_array": (MapType.CGROUP_ARRAY, 4, 4, 2, 0),
    "m_lru": (MapType.LRU_HASH, 4, 8, 64, 0),
    "m_lru_pcpu": (MapType.LRU_PERCPU_HASH, 4, 8, 64, 0),
    "m_lpm": (MapType.LPM_TRIE, 8, 4, 16, MapFlags.NO_PREALLOC),
    "m_devmap": (MapType.DEVMAP, 4, 4, 4, 0),
    "m_sockmap": (MapType.SOCKMAP, 4, 8, 4, 0),
    "m_cpumap": (MapType.CPUMAP, 4, 4, 2, 0),
    "m_xskmap": (MapType.XSKMAP, 4, 4, 2, 0),
    "m_sockhash": (MapType.SOCKHASH, 4, 8, 4, 0),
    "m_cg_storage": (MapType.CGROUP_STORAGE, 16, 8, 0, 0),
    "m_reuseport": (MapType.REUSEPORT_SOCKARRAY, 4, 8, 2, 0),
    "m_pcpu_cg_storage": (MapType.PERCPU_CGROUP_STORAGE, 16, 8, 0, 0),
    "m_queue": (MapType.QUEUE, 0, 4, 8, 0),
    "m_stack": (MapType.STACK, 0, 4, 8, 0),
    "m_sk_storage": (MapType.SK_STORAGE, 4, 8, 0, MapFlags.NO_PREALLOC),
    "m_devmap_hash": (MapType.DEVMAP_HASH, 4, 4, 4, 0),
    "m_ringbuf": (MapType.RINGBUF, 0, 0, 4096, 0),
    "m_inode_storage": (MapType.INODE_STORAGE, 4, 8, 0, MapFlags.NO_PREALLOC),
    "m_task_storage": (MapType.TASK_STORAGE, 4, 8, 0, MapFlags.NO_PREALLOC),
    "m_bloom": (MapType.BLOOM_FILTER, 0, 4, 64, 0),
    "m_user_ringbuf": (MapType.USER_RINGBUF, 0, 0, 4096, 0),
    "m_cgrp_storage": (MapType.CGRP_STORAGE, 4, 8, 0, MapFlags.NO_PREALLOC),
    "m_arena": (MapType.ARENA, 0, 0, 2, MapFlags.MMAPABLE),
    "m_pinned": (MapType.HASH, 4, 4, 8, 0),
    "m_jump": (MapType.PROG_ARRAY, 4, 4, 4, 0),
    "m_inner_a": (MapType.ARRAY, 4, 8, 4, 0),
    "m_inner_b": (MapType.ARRAY, 4, 8, 4, 0),
    "m_outer_array": (MapType.ARRAY_OF_MAPS, 4, 4, 4, 0),
    "m_outer_hash": (MapType.HASH_OF_MAPS, 4, 4, 8, 0),
}


def test_every_btf_map_type(maps_spec: CollectionSpec) -> None:
    got = {
        n: (m.type, m.key_size, m.value_size, m.max_entries, m.flags)
        for n, m in maps_spec.maps.items()
    }
    assert got == EXPECTED_MAPS
    # Every map type the kernel has that .maps can describe (not struct_ops) is covered.
    assert {t for t, *_ in EXPECTED_MAPS.values()} == set(MapType) - {
        MapType.UNSPEC,
        MapType.STRUCT_OPS,
    }
    for m in maps_spec.maps.values():
        assert m.section is None and m.data is None and not m.is_global_data


def test_map_attributes(maps_spec: CollectionSpec) -> None:
    m = maps_spec.maps
    assert m["m_pinned"].pinning == PinType.BY_NAME and m["m_hash"].pinning == PinType.NONE
    assert m["m_bloom"].map_extra == 3
    assert str(m["m_hash"].key_type) == "struct flow" and str(m["m_hash"].value_type) == "__u64"
    assert isinstance(m["m_hash"].key_type.resolve(), Struct)
    assert str(m["m_array"].value_type) == "struct event"
    assert m["m_perf"].key_type is None  # sizes given with __uint, no types
    event = m["m_array"].value_type.decode(bytes(32))
    assert event == {"ts": 0, "pid": 0, "comm": ""}


def test_prog_array_values(maps_spec: CollectionSpec) -> None:
    assert maps_spec.maps["m_jump"].contents == [(1, "tail_one"), (3, "tail_two")]
    assert {"tail_one", "tail_two"} <= set(maps_spec.programs)


def test_maps_in_maps(maps_spec: CollectionSpec) -> None:
    outer = maps_spec.maps["m_outer_array"]
    assert outer.contents == [(0, "m_inner_b"), (2, "m_inner_a")]
    assert outer.inner is not None
    assert (outer.inner.name, outer.inner.type, outer.inner.key_size, outer.inner.value_size) == (
        "m_outer_array.inner", MapType.ARRAY, 4, 8,
    )  # fmt: skip
    inner = maps_spec.maps["m_outer_hash"].inner
    assert inner is not None and inner.type == MapType.HASH and inner.max_entries == 16
    assert str(inner.value_type) == "struct flow" and inner.key_size == 8
    assert "m_outer_hash.inner" not in maps_spec.maps


def test_map_references(maps_spec: CollectionSpec) -> None:
    p = maps_spec.programs["use_maps"]
    assert [r.map for r in p.map_refs] == ["m_hash", "m_outer_array", "m_jump"]
    for ref in p.map_refs:
        insn = p.slots[ref.slot]
        assert (
            insn.is_lddw and insn.src == PseudoSrc.MAP_FD and insn.imm == 0 and ref.offset is None
        )


def test_legacy_maps(compile_bpf) -> None:
    spec = load_spec(build(compile_bpf, "elf_legacy"))
    counts, flows = spec.maps["legacy_counts"], spec.maps["legacy_flows"]
    assert (counts.type, counts.key_size, counts.value_size, counts.max_entries) == (
        MapType.ARRAY,
        4,
        8,
        4,
    )
    assert (flows.type, flows.key_size, flows.value_size, flows.max_entries) == (
        MapType.HASH,
        8,
        16,
        1024,
    )
    assert flows.flags == MapFlags.NO_PREALLOC and flows.key_type is None
    assert spec.programs["old_socket"].map_refs == [MapReference(4, "legacy_counts", None)]


def test_iproute2_maps(compile_bpf) -> None:
    spec = load_spec(build(compile_bpf, "elf_iproute2"))
    outer, plain = spec.maps["tc_outer"], spec.maps["tc_plain"]
    assert outer.type == MapType.ARRAY_OF_MAPS and outer.pinning == PinType.BY_NAME
    assert (
        outer.inner is not None
        and outer.inner.type == MapType.ARRAY
        and outer.inner.value_size == 4
    )
    assert outer.contents == [(0, "tc_inner")]  # tc_inner has inner_idx 0
    assert plain.pinning == PinType.NONE and plain.contents == []
    assert spec.programs["tc_main"].type == ProgramType.SCHED_CLS


# ---- global data -------------------------------------------------------------------------------------


def test_global_data_sections(globals_spec: CollectionSpec) -> None:
    m = globals_spec.maps
    assert set(m) == {
        ".rodata",
        ".data",
        ".bss",
        ".data.counters",
        ".rodata.limits",
        ".bss.scratch",
        ".rodata.str1.1",
    }
    for name, mp in m.items():
        assert (mp.type, mp.key_size, mp.max_entries, mp.section) == (MapType.ARRAY, 4, 1, name)
        assert mp.value_size == len(mp.data)
        assert mp.freeze == name.startswith(".rodata")
        assert bool(mp.flags & MapFlags.RDONLY_PROG) == name.startswith(".rodata")
    for name in (".rodata", ".data", ".bss", ".data.counters", ".rodata.limits", ".bss.scratch"):
        assert m[name].mmapable, name
    assert not m[".rodata.str1.1"].mmapable  # no variables, as libbpf decides
    assert bytes(m[".bss"].data) == bytes(m[".bss"].value_size)
    assert bytes(m[".rodata.str1.1"].data) == b"ttl %d\n\0"
    assert m[".data.counters"].data == bytearray(
        b"".join(i.to_bytes(8, "little") for i in (1, 2, 3, 4))
    )


def test_global_variables(globals_spec: CollectionSpec) -> None:
    rodata = globals_spec.maps[".rodata"]
    v = rodata.variables
    assert [(n, x.offset, x.size, x.const) for n, x in v.items()] == [
        ("min_ttl", 0, 4, True), ("offset", 4, 4, True), ("cfg", 8, 12, True), ("banner", 20, 8, True),
    ]  # fmt: skip
    assert str(v["cfg"].type) == "const volatile struct config"
    assert isinstance(rodata.value_type, Datasec) and rodata.value_type.size == rodata.value_size
    data = globals_spec.maps[".data"].variables
    assert data["packets"].const is False and data["hidden_counter"].size == 4
    # Static variables are variables too (libbpf maps them the same way).
    assert globals_spec.variables["hidden_counter"] == 11


def test_global_data_references(globals_spec: CollectionSpec) -> None:
    p = globals_spec.programs["globals"]
    refs = {(r.map, r.offset) for r in p.map_refs}
    v = globals_spec.maps[".rodata"].variables
    assert (".rodata", v["cfg"].offset) in refs  # cfg.port: symbol offset + field 0
    assert (".rodata", v["banner"].offset) in refs
    assert (".rodata.str1.1", 0) in refs and (".data.counters", 0) in refs
    for ref in p.map_refs:
        insn = p.slots[ref.slot]
        assert insn.src == PseudoSrc.MAP_VALUE and insn.imm == 0 and insn.imm_hi == ref.offset


def test_btf_datasecs_are_fixed_up(globals_spec: CollectionSpec) -> None:
    sec = globals_spec.btf.find(".rodata", Datasec)
    assert sec.size == 28
    assert [(v.type.name, v.offset) for v in sec.vars] == [
        ("min_ttl", 0),
        ("offset", 4),
        ("cfg", 8),
        ("banner", 20),
    ]


def test_copies_are_independent(globals_spec: CollectionSpec) -> None:
    dup = globals_spec.copy()
    dup.constants["min_ttl"] = 77
    assert globals_spec.constants["min_ttl"] != 77
    assert dup.btf is globals_spec.btf
    # BTF types are shared too, so the copy's types still have ids in its BTF.
    rodata, original = dup.maps[".rodata"], globals_spec.maps[".rodata"]
    assert rodata.value_type is original.value_type
    assert dup.btf.type_id(rodata.variables["cfg"].type) > 0
    assert rodata.copy().value_type is original.value_type


# ---- benchmark objects ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["xdp_firewall", "xdp_checksum", "xdp_compute", "xdp_histogram"])
def test_benchmark_objects(bench_dir: Path, name: str) -> None:
    spec = ebpy.load_spec(bench_dir / f"{name}.o")
    prog = spec.program()
    assert prog.name == name and prog.type == ProgramType.XDP and prog.license == "GPL"
    assert [f.name for f in prog.func_info] == [name]
    assert prog.line_info and prog.line_info[0].slot == 0
    source = (bench_dir / f"{name}.c").read_text().splitlines()
    for li in prog.line_info:
        assert li.text == source[li.line - 1]
    # Programs without relocations are exactly their section's code.
    data = ebpy.load_spec((bench_dir / f"{name}.o").read_bytes())
    assert data.program().instructions == prog.instructions
    if not prog.map_refs:
        from ebpy.elf.reader import read_elf

        elf = read_elf((bench_dir / f"{name}.o").read_bytes(), name)
        assert prog.instructions == decode(elf.section("xdp").data)


def test_firewall_maps(bench_dir: Path) -> None:
    spec = ebpy.load_spec(bench_dir / "xdp_firewall.o")
    flows = spec.maps["flows"]
    assert (flows.type, flows.key_size, flows.value_size, flows.max_entries) == (
        MapType.LRU_HASH,
        16,
        8,
        65536,
    )
    key = flows.key_type.encode({"saddr": 1, "daddr": 2, "sport": 3, "dport": 4, "proto": 6})
    assert flows.key_type.decode(key)["proto"] == 6
    assert {r.map for r in spec.program().map_refs} == {"verdicts", "blocked", "flows"}


def test_load_spec_accepts_paths_bytes_and_names(bench_dir: Path) -> None:
    path = bench_dir / "xdp_histogram.o"
    assert load_spec(str(path)).path == str(path)
    spec = load_spec(path.read_bytes())
    assert spec.path is None and spec.program().object_path is None
    assert load_spec(memoryview(path.read_bytes()), name="hist.o").program().name == "xdp_histogram"


def test_import_ebpy_stays_cheap() -> None:
    code = "import sys, ebpy; print(sorted(m for m in sys.modules if m.startswith(('elftools', 'ebpy.elf', 'ebpy.btf'))))"
    out = subprocess.run(
        [os.sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"


# ---- libbpf's reading of the same object (bpftool prog loadall), through the kernel -----------------


def _bpftool() -> str:
    tool = shutil.which("bpftool")
    if tool is None:
        pytest.skip("bpftool is not installed (apt-get install bpftool)")
    return tool


def bpffs_dir(tag: str) -> Path:
    root = Path("/sys/fs/bpf")
    if not os.path.ismount(root):
        pytest.skip("no BPF file system mounted at /sys/fs/bpf")
    path = root / f"ebpy-test-{tag}-{os.getpid()}"
    path.mkdir()
    return path


@pytest.mark.kernel
def test_maps_agree_with_libbpf(compile_bpf) -> None:
    """bpftool (libbpf 1.1) creates every map of the object; the kernel then reports what it made.
    libbpf 1.1 predates __ulong and arena maps, and pinning by name would leave pins behind."""
    tool = _bpftool()
    source = (PROGRAMS / "elf_maps.c").read_text()
    source = source.replace("__ulong(map_extra, 3)", "__uint(map_extra, 3)")
    source = "\n".join(
        line
        for line in source.splitlines()
        if "BPF_MAP_TYPE_ARENA)" not in line and "LIBBPF_PIN_BY_NAME" not in line
    )
    obj = build(compile_bpf, "maps_libbpf", source)
    ours = load_spec(obj).maps
    base = bpffs_dir("maps")
    progs, pins = base / "progs", base / "maps"
    try:
        proc = subprocess.run(
            [tool, "prog", "loadall", str(obj), str(progs), "pinmaps", str(pins)],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        seen = set()
        for pin in pins.iterdir():
            info = json.loads(
                subprocess.run(
                    [tool, "-j", "map", "show", "pinned", str(pin)], capture_output=True, check=True
                ).stdout
            )
            m = ours[pin.name]
            kernel_type = info["type"]
            assert kernel_type in (m.type.name.lower(), int(m.type)), pin.name
            assert (info["bytes_key"], info["bytes_value"]) == (m.key_size, m.value_size), pin.name
            flags = info["flags"]
            if m.type in (MapType.DEVMAP, MapType.DEVMAP_HASH):
                flags &= ~MapFlags.RDONLY_PROG  # the kernel adds it to device maps itself
            assert flags == m.flags, pin.name
            if m.type != MapType.PERF_EVENT_ARRAY:  # libbpf sizes those to the CPU count
                assert info["max_entries"] == m.max_entries, pin.name
            seen.add(pin.name)
        assert seen == set(ours)
    finally:
        shutil.rmtree(base, ignore_errors=True)


def libbpf_internal_name(obj_name: str, section: str) -> str:
    """How libbpf names the map of a global data section (kernel names have 15 characters)."""
    if "." in section[1:]:
        name = section[:15]  # named sections (.data.counters) go by their own name
    else:
        prefix = min(15 - max(7, len(section)), len(obj_name))
        name = (obj_name[:prefix] + section)[:15]
    return re.sub(r"[^A-Za-z0-9_.]", "_", name)


@pytest.mark.kernel
def test_global_data_agrees_with_libbpf(compile_bpf) -> None:
    tool = _bpftool()
    # libbpf 1.1 does not know .bss.* sections yet.
    source = (PROGRAMS / "elf_globals.c").read_text().replace(' SEC(".bss.scratch")', "")
    obj = build(compile_bpf, "globals_libbpf", source)
    ours = load_spec(obj).maps
    base = bpffs_dir("globals")
    try:
        proc = subprocess.run(
            [tool, "prog", "loadall", str(obj), str(base / "p"), "pinmaps", str(base / "m")],
            capture_output=True,
            text=True,
        )
        assert proc.returncode == 0, proc.stderr
        by_name = {}
        for pin in (base / "m").iterdir():
            info = json.loads(
                subprocess.run(
                    [tool, "-j", "map", "show", "pinned", str(pin)], capture_output=True, check=True
                ).stdout
            )
            by_name[info["name"]] = info
        obj_name = obj.name.split(".")[0]
        found = {section: by_name[libbpf_internal_name(obj_name, section)] for section in ours}
        assert set(found) == set(ours)
        for section, info in found.items():
            m = ours[section]
            assert (info["bytes_key"], info["bytes_value"], info["max_entries"]) == (
                4,
                m.value_size,
                1,
            )
            flags = info["flags"]
            if not m.variables:
                # libbpf 1.1 made every internal map mmapable; current libbpf (and ebpy) only
                # those with global variables, which .rodata.str1.1 lacks.
                flags &= ~MapFlags.MMAPABLE
            assert flags == m.flags, section
            assert bool(info["frozen"]) == m.freeze, section
    finally:
        shutil.rmtree(base, ignore_errors=True)
