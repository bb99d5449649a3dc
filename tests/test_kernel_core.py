"""CO-RE (ebpy.kernel.core): relocations computed against a target BTF the way libbpf does.

Against the running kernel: task_struct fields read through preserve_access_index from a
small self-contained header, a field no kernel has (guarded, and unguarded: a clear load
error), a flavoured type, type and enum relocations. Against a second object's BTF as the
"other kernel": a struct with every field moved, resized or gone, read from a packet laid
out the way that object's compiler laid it out. And the rules on hand-built BTF.
"""

from __future__ import annotations

import os
import threading

import pytest
from tests.conftest import TEST_PROGRAMS

import ebpy
from ebpy.btf import Enum, EnumValue, Int, IntEncoding, Member, Spec, Struct, load_vmlinux
from ebpy.btf.ext import CoreReloKind
from ebpy.errors import LoadError, VerifierError
from ebpy.isa import Size
from ebpy.kernel import core
from ebpy.kernel.core import CoreTarget, essential_name, relocate

KERNEL = TEST_PROGRAMS / "kernel"


def spec_of(compile_bpf, name: str) -> ebpy.spec.CollectionSpec:
    return ebpy.load_spec(compile_bpf((KERNEL / f"{name}.c").read_text(), name))


# ---- against the running kernel ------------------------------------------------------------------
@pytest.mark.kernel
def test_task_struct_fields_on_this_kernel(compile_bpf) -> None:
    spec = spec_of(compile_bpf, "core_task")
    vmlinux = load_vmlinux()
    task = vmlinux.find("task_struct")
    with spec.load(engine="kernel") as coll:
        coll.programs["read_task"].test_run(ctx=bytes(16))  # runs as this thread
        v = coll.variables
        assert v["pid"] == threading.get_native_id()
        assert v["tgid"] == os.getpid() == v["flavour_tgid"]
        assert v["ppid"] == os.getppid()
        with open("/proc/thread-self/comm") as f:
            assert v["comm"] == f.read().strip()
        assert (v["has_pid"], v["has_missing"], v["missing_value"]) == (1, 0, -1)
        assert v["pid_offset"] == task.find_member("pid")[1] // 8
        assert v["comm_size"] == 16 and v["task_size"] == task.size
        assert v["has_no_struct"] == 0 and v["has_nope"] == 0
        assert v["tgid_value"] == vmlinux.find("pid_type").value_of("PIDTYPE_TGID")
        fixes = {str(f).split(": ", 1)[1] for f in coll.core["read_task"]}
        offset = task.find_member("tgid")[1] // 8
        assert f"byte offset of struct task_struct.tgid: 4 -> {offset}" in fixes
        assert f"byte offset of struct task_struct___flavour.tgid: 0 -> {offset}" in fixes
        poisoned = [f for f in coll.core["read_task"] if f.poisoned]
        assert len(poisoned) == 1 and "no_such_field_in_any_kernel" in poisoned[0].reason


@pytest.mark.kernel
def test_unguarded_missing_field_fails_with_the_field_named(compile_bpf) -> None:
    spec = spec_of(compile_bpf, "core_missing")
    with pytest.raises(VerifierError) as info:
        spec.load(engine="kernel")
    err = info.value
    assert "CO-RE relocation failed" in err.message
    assert "struct task_struct has no field 'no_such_field_in_any_kernel'" in err.message
    assert "bpf_core_field_exists()" in err.message
    assert err.insn is not None and err.source is not None and "core_missing" in err.source
    assert "invalid func unknown#195896080" in err.log  # libbpf's poison, as the kernel saw it


# ---- against another object's BTF -------------------------------------------------------------------
@pytest.mark.kernel
def test_reads_follow_the_target_layout(compile_bpf) -> None:
    local = spec_of(compile_bpf, "core_local")
    target = spec_of(compile_bpf, "core_target")
    sample = bytes(target.maps[".rodata"].data)  # clang's layout of the sample, the truth
    sample_var = target.maps[".rodata"].variables["sample"]
    packet = sample[sample_var.offset : sample_var.offset + sample_var.size].ljust(256, b"\0")
    with local.load(engine="kernel", core_btf=target.btf) as coll:
        assert coll.programs["read_thing"].test_run(packet).retval == 2  # XDP_PASS
        v = coll.variables
        assert (v["a"], v["flags"], v["sflags"], v["pts2y"]) == (77, 5, -3, 42)
        assert (v["small"], v["big"], v["name1"]) == (123456, -5, ord("b"))
        assert v["name_off"] == target.constants["offset_of_name"]
        assert v["name_size"] == 12 and v["thing_size"] == target.constants["size_of_thing"]
        assert (v["has_gone"], v["gone"]) == (0, 7)
        assert (v["red"], v["blue"], v["has_purple"]) == (9, 7, 0)


# ---- the rules, on hand-built BTF (no kernel needed) -----------------------------------------------------
def test_essential_names() -> None:
    assert essential_name("task_struct___v2") == "task_struct"
    assert essential_name("task_struct") == "task_struct"
    assert essential_name("a___b___c") == "a___b"
    assert essential_name("__x___") == "__x___"  # no X___Y split
    assert essential_name("a____b") == "a____b"  # four underscores: not a flavour


def _u32() -> Int:
    return Int("unsigned int", 4)


def _thing(name: str, members: list[tuple[str, object, int]], size: int) -> Struct:
    return Struct(name, size, [Member(n, t, off) for n, t, off in members])  # type: ignore[arg-type]


def _relocs(spec: ebpy.spec.CollectionSpec) -> tuple[list, list, Spec]:
    prog = spec.programs["read_thing"]
    return prog.instructions, prog.core_relos, spec.btf


def test_ambiguous_candidates_are_an_error(compile_bpf) -> None:
    insns, relos, btf = _relocs(spec_of(compile_bpf, "core_local"))
    i32 = Int("int", 4, IntEncoding.SIGNED)
    a = _thing("thing___a", [("a", i32, 0)], 8)
    b = _thing("thing___b", [("a", i32, 32)], 8)
    with pytest.raises(LoadError, match=r"struct thing\.a is ambiguous: candidates give 0 and 4"):
        relocate(insns, relos, btf, CoreTarget(Spec.from_types([a, b])), program="read_thing")


def test_size_changes_adjust_unsigned_loads_and_poison_signed_ones(compile_bpf) -> None:
    insns, relos, btf = _relocs(spec_of(compile_bpf, "core_local"))
    i64 = Int("long long", 8, IntEncoding.SIGNED)
    u64 = Int("unsigned long long", 8)
    target = _thing("thing", [("small", u64, 0), ("a", i64, 64)], 16)
    out, fixes = relocate(insns, relos, btf, CoreTarget(Spec.from_types([target])))
    by_access = {f.access: f for f in fixes if f.kind == CoreReloKind.FIELD_BYTE_OFFSET}
    small, a = by_access["struct thing.small"], by_access["struct thing.a"]
    assert small.value == 0 and not small.poisoned
    assert a.poisoned and "size changed" in a.reason
    slots = {}
    slot = 0
    for insn in out:
        slots[slot] = insn
        slot += insn.slots
    assert slots[small.slot].size == Size.DW  # a u32 load became a u64 load
    assert slots[a.slot].is_call and slots[a.slot].imm == core.POISON_IMM
    gone = [f for f in fixes if f.access == "struct thing.gone"]
    assert {(f.kind, f.value) for f in gone} == {
        (CoreReloKind.FIELD_EXISTS, 0),
        (CoreReloKind.FIELD_BYTE_OFFSET, None),
    }


def test_enum_and_type_relocations(compile_bpf) -> None:
    insns, relos, btf = _relocs(spec_of(compile_bpf, "core_local"))
    color = Enum("color___other", 4, [EnumValue("BLUE", 70), EnumValue("RED", 90)])
    thing = _thing("thing", [("a", _u32(), 0)], 4)
    _, fixes = relocate(insns, relos, btf, CoreTarget(Spec.from_types([color, thing])))
    values = {(f.kind, f.access): f.value for f in fixes}
    assert values[(CoreReloKind.ENUMVAL_VALUE, "enum color::RED")] == 90
    assert values[(CoreReloKind.ENUMVAL_VALUE, "enum color::BLUE")] == 70
    assert values[(CoreReloKind.ENUMVAL_EXISTS, "enum color::PURPLE")] == 0
    assert values[(CoreReloKind.TYPE_SIZE, "struct thing")] == 4
    # Without any candidate, value relocations poison and existence ones say 0.
    _, fixes = relocate(insns, relos, btf, CoreTarget(Spec.from_types([_u32()])))
    for f in fixes:
        if f.kind in (CoreReloKind.FIELD_EXISTS, CoreReloKind.ENUMVAL_EXISTS):
            assert f.value == 0
        else:
            assert f.poisoned, f
    assert "no struct named 'thing'" in next(f for f in fixes if f.poisoned).reason


def test_incompatible_member_types_do_not_match(compile_bpf) -> None:
    insns, relos, btf = _relocs(spec_of(compile_bpf, "core_local"))
    inner = _thing("other", [("z", _u32(), 0)], 4)
    target = _thing("thing", [("a", inner, 0)], 4)  # a is a struct there, an int here
    _, fixes = relocate(insns, relos, btf, CoreTarget(Spec.from_types([target])))
    (a,) = [f for f in fixes if f.access == "struct thing.a"]
    assert a.poisoned and "incompatible" in a.reason


def test_instruction_that_disagrees_with_the_btf_is_refused(compile_bpf) -> None:
    """Like libbpf, the value the compiler put in the instruction must be what the object's
    own BTF says; a record that does not fit its instruction is refused."""
    insns, relos, btf = _relocs(spec_of(compile_bpf, "core_local"))
    size = next(r for r in relos if r.kind == CoreReloKind.TYPE_SIZE)
    local_size = btf.type_by_id(size.type_id).size  # what the instruction holds
    as_offset = type(size)(size.slot, size.type_id, "0:0", CoreReloKind.FIELD_BYTE_OFFSET)
    target = CoreTarget(Spec.from_types([_thing("thing", [("a", _u32(), 0)], 4)]))
    with pytest.raises(
        LoadError, match=f"the instruction holds {local_size}, the object's BTF says 0"
    ):
        relocate(insns, [as_offset], btf, target)
    with pytest.raises(LoadError, match="bad CO-RE access string"):
        relocate(insns, [type(size)(size.slot, size.type_id, "x", size.kind)], btf, target)
