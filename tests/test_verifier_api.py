"""The verifier's API and what a rejection tells the user: the instruction, a kernel-style
message, the C line, the path with register states, the log levels, the statistics; and the
`ebpy verify` command."""

from __future__ import annotations

import json

import pytest

import ebpy
from ebpy.cli.main import main
from ebpy.errors import VerifierError
from ebpy.isa import assemble
from ebpy.spec import MapSpec, MapType, ProgramSpec, ProgramType
from ebpy.verifier import Options, VerifierResult, verify, verify_collection
from ebpy.verifier.messages import category

MISSING_NULL_CHECK = r"""
#include <ebpy/bpf.h>
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} counts SEC(".maps");
SEC("socket") int good(void *skb) {
	__u32 k = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	if (!v)
		return 0;
	return *v & 1;
}
SEC("socket") int bad(void *skb) {
	__u32 k = 1;
	__u64 *v = bpf_map_lookup_elem(&counts, &k);
	return *v & 1;
}
char LICENSE[] SEC("license") = "GPL";
"""


def prog(text: str, ptype: ProgramType = ProgramType.SOCKET_FILTER) -> ProgramSpec:
    return ProgramSpec("t", "socket", ptype, assemble(text), license="GPL")


@pytest.fixture(scope="module")
def null_check_obj(compile_bpf):  # type: ignore[no-untyped-def]
    return compile_bpf(MISSING_NULL_CHECK, name="verifier_api_null")


def test_result_statistics() -> None:
    r = verify(prog("r1 = 0\nr1 += 1\nif r1 < 3 goto -2\nr0 = 0\nexit"))
    assert isinstance(r, VerifierResult)
    assert r.processed_insns == 9  # three rounds of the loop, as the kernel counts
    assert r.total_states >= 0 and r.peak_states >= r.total_states
    assert r.time_ms > 0 and r.log == ""


def test_rejection_carries_insn_message_path_and_log() -> None:
    text = "r2 = 5\nif r2 > 3 goto +1\nr0 = 1\nr0 = *(u64 *)(r2 + 0)\nexit"
    with pytest.raises(VerifierError) as ei:
        verify(prog(text))
    e = ei.value
    assert e.insn == 3
    assert e.message == "R2 invalid mem access 'scalar'"
    assert category(e.message) == "scalar_deref"
    assert e.path == [0, 1, 3]
    assert e.program == "t"
    # the path's steps with the registers each changed, then the reason
    assert "1: (25) if r2 > 0x3 goto pc+1" in e.log
    assert "0: (b7) r2 = 5                        ; R2=5" in e.log
    assert e.log.splitlines()[-2] == e.message
    assert str(e).startswith("insn 3: R2 invalid mem access 'scalar'")


def test_log_levels() -> None:
    p = prog("r0 = 1\nif r0 == 1 goto +1\nr0 = 2\nexit")
    assert verify(p, log_level=0).log == ""
    log2 = verify(p, log_level=2).log
    assert "0: (b7) r0 = 1                        ; R0=1" in log2
    assert "processed 3 insns (limit 1000000)" in log2
    assert "verify" not in verify(p, log_level=1).log  # no crash, the same statistics line
    assert "processed 3 insns" in verify(p, log_level=1).log


def test_source_line_from_btf_line_info(null_check_obj) -> None:  # type: ignore[no-untyped-def]
    spec = ebpy.load_spec(null_check_obj)
    out = verify_collection(spec)
    assert isinstance(out["good"], VerifierResult)
    bad = out["bad"]
    assert isinstance(bad, VerifierError)
    assert bad.message == "R0 invalid mem access 'map_value_or_null'"
    assert bad.source is not None and bad.source.endswith("return *v & 1;")
    assert ".c:19: " in bad.source  # file.c:LINE: text


def test_prog_type_override_and_privileges() -> None:
    p = prog("r0 = *(u32 *)(r1 + 76)\nr0 = 0\nexit", ProgramType.SCHED_CLS)
    verify(p)  # __sk_buff->data
    with pytest.raises(VerifierError, match="invalid bpf_context access off=76 size=4"):
        verify(p, prog_type=ProgramType.XDP)  # past the end of xdp_md
    with pytest.raises(VerifierError, match="needs CAP_BPF"):
        verify(p, privileged=False)
    leak = prog("r0 = r10\nexit")
    verify(leak)
    with pytest.raises(VerifierError, match="R0 leaks addr as return value"):
        verify(leak, privileged=False)
    with pytest.raises(VerifierError, match="R0 leaks addr as return value"):
        verify(leak, options=Options(bpf_capable=True, perfmon=False))


def test_instruction_limit_option() -> None:
    p = prog("r1 = 0\nr1 += 1\nif r1 < 100000 goto -2\nr0 = 0\nexit")
    with pytest.raises(VerifierError, match=r"BPF program is too large. Processed 501 insn"):
        verify(p, options=Options(insn_limit=500))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("r0 = 0", "last insn is not an exit or jmp"),
        ("r0 = 0\nexit\nr0 = 1\nexit", "unreachable insn 2"),
        ("goto +5\nexit", "jump out of range from insn 0 to 6"),
        ("r10 = 0\nexit", "frame pointer is read only"),
        ("exit", "R0 !read_ok"),
        ("r0 = *(u64 *)(r10 - 8)\nexit", None),  # allowed with CAP_PERFMON
    ],
)
def test_structure_messages(text: str, message: str | None) -> None:
    if message is None:
        verify(prog(text))
        return
    with pytest.raises(VerifierError) as ei:
        verify(prog(text))
    assert ei.value.message == message


def test_bad_inputs_are_verifier_errors() -> None:
    with pytest.raises(VerifierError):
        verify(ProgramSpec("empty", "socket", ProgramType.SOCKET_FILTER, [], license="GPL"))
    with pytest.raises(VerifierError, match="not pointing to valid bpf_map"):
        verify(prog("r1 = map_by_idx(4) ll\nr0 = 0\nexit"), {})
    with pytest.raises(VerifierError, match="unknown program type"):
        verify(prog("r0 = 0\nexit", ProgramType.UNSPEC))


def test_maps_by_index_for_raw_programs() -> None:
    text = """
        *(u32 *)(r10 - 4) = 0
        r2 = r10
        r2 += -4
        r1 = map_by_idx(0) ll
        call 1
        if r0 == 0 goto +1
        r0 = *(u64 *)(r0 + 8)
        r0 = 0
        exit
    """
    with pytest.raises(VerifierError, match="invalid access to map value, value_size=8 off=8"):
        verify(prog(text), {"m": MapSpec("m", MapType.HASH, 4, 8, 4)})
    verify(prog(text), {"m": MapSpec("m", MapType.HASH, 4, 16, 4)})


# ---- the command ------------------------------------------------------------------------------
def test_cli_human_output(null_check_obj, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["verify", str(null_check_obj), "--program", "good"]) == 0
    assert "accepted good (socket_filter)" in capsys.readouterr().out
    assert main(["verify", str(null_check_obj)]) == 1
    out = capsys.readouterr().out
    assert "rejected bad (socket_filter) at insn" in out
    assert "R0 invalid mem access 'map_value_or_null'" in out
    assert "return *v & 1;" in out
    assert "last steps of the path:" in out and "call bpf_map_lookup_elem#1" in out


def test_cli_json(null_check_obj, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["verify", str(null_check_obj), "--json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert [r["program"] for r in rows] == ["good", "bad"]
    good, bad = rows
    assert good["accepted"] is True and good["error"] is None
    assert good["processed_insns"] > 0 and good["states"] >= 0 and good["time_ms"] > 0
    assert bad["accepted"] is False
    assert set(bad["error"]) == {"insn", "message", "source"}
    assert bad["error"]["message"] == "R0 invalid mem access 'map_value_or_null'"


def test_cli_type_unprivileged_and_log(null_check_obj, capsys) -> None:  # type: ignore[no-untyped-def]
    args = ["verify", str(null_check_obj), "-p", "good"]
    assert main([*args, "--type", "xdp", "--json"]) == 0
    capsys.readouterr()
    assert main([*args, "--unprivileged", "--log", "2"]) == 0
    out = capsys.readouterr().out
    assert "call bpf_map_lookup_elem#1" in out and "processed" in out
    assert main([*args, "--type", "nonsense"]) == 1
    assert "unknown program type 'nonsense'" in capsys.readouterr().err


def test_old_objects_verify_with_a_type(capsys) -> None:  # type: ignore[no-untyped-def]
    """A legacy object (bpf_elf_map `maps` section, a section name libbpf no longer knows):
    its known program verifies, the unknown one asks for --type and then verifies."""
    from pathlib import Path

    from conftest import compile_c

    src = Path(__file__).resolve().parent / "programs" / "elf_legacy.c"
    obj = compile_c(src.read_text(), name="elf_legacy")
    assert main(["verify", str(obj), "--json"]) == 1
    rows = {r["program"]: r for r in json.loads(capsys.readouterr().out)}
    assert rows["old_socket"]["accepted"] is True
    assert "unknown program type" in rows["unknown_section"]["error"]["message"]
    args = ["verify", str(obj), "-p", "unknown_section", "--type", "socket_filter"]
    assert main(args) == 0
    assert "accepted unknown_section (socket_filter)" in capsys.readouterr().out


@pytest.mark.parametrize(
    "engine", ["interp", "jit", pytest.param("kernel", marks=pytest.mark.kernel)]
)
def test_invalid_encoding_on_a_dead_path(engine: str) -> None:
    """An instruction naming r12/r13 behind a branch the verifier decides: the kernel accepts
    the program (the instruction is dead; it sanitizes it) and so does ebpy, whose pruning at
    the join before it must not trip over registers past r10; the engines run the rest."""
    from ebpy.isa import Instruction as I
    from ebpy.spec import CollectionSpec
    from ebpy.testing import kernel_unavailable

    if engine == "kernel" and (reason := kernel_unavailable()):
        pytest.skip(reason)
    insns = [
        I(0xB7, 0, 0, 0, 7),  # r0 = 7
        I(0x61, 2, 1, 0, 0),  # r2 = skb->len
        # jumps and instructions enough for the verifier to keep a state at the join
        *[I(0x15, 2, 0, 0, k) for k in range(100, 110)],  # if r2 == k goto +0
        I(0x25, 2, 0, 1, 5),  # if r2 > 5 goto +1: two paths reach the join
        I(0xB7, 3, 0, 0, 1),  # r3 = 1
        I(0xB7, 4, 0, 0, 0),  # join: r4 = 0
        I(0x15, 4, 0, 1, 0),  # if r4 == 0 goto +1: always
        I(0x5E, 12, 13, 0, 0),  # if w12 != w13 goto +0: an invalid encoding, never reached
        I(0x95),
    ]
    prog = ProgramSpec("p", "socket", ProgramType.SOCKET_FILTER, insns, license="GPL")
    spec = CollectionSpec(programs={"p": prog})
    with spec.load(engine=engine) as coll:
        assert coll.programs["p"].test_run(bytes(64)).retval == 7
