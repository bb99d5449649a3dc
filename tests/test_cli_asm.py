"""`ebpy asm` and `ebpy disasm` as a user runs them: output, exit codes, one-line errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ebpy.isa import assemble, disassemble, encode

PROGRAM = """\
; count to ten
    r0 = 0
loop:
    r0 += 1
    if r0 < 10 goto loop
    r1 = 0x123456789 ll
    call 5
    exit
"""
BYTES = encode(assemble(PROGRAM))


def ebpy(
    *args: str, stdin: bytes | None = None, cwd: Path | None = None
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args], input=stdin, capture_output=True, cwd=cwd, timeout=60
    )


def one_line_error(proc: subprocess.CompletedProcess[bytes], command: str) -> str:
    err = proc.stderr.decode()
    assert proc.stdout == b""
    assert "Traceback" not in err
    assert err.count("\n") == 1, err
    assert err.startswith(f"ebpy {command}: error: ")
    return err.strip()


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "prog.s"
    path.write_text(PROGRAM)
    return path


# ---- ebpy asm ------------------------------------------------------------------------------------------
def test_asm_writes_hex_to_stdout(source):
    proc = ebpy("asm", str(source))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.decode().splitlines()
    assert lines[0] == "b7 00 00 00 00 00 00 00"
    assert len(lines) == len(BYTES) // 8
    assert bytes.fromhex("".join(lines)) == BYTES


def test_asm_writes_raw_bytes_to_a_file(source, tmp_path):
    out = tmp_path / "prog.bin"
    proc = ebpy("asm", str(source), "-o", str(out))
    assert proc.returncode == 0 and proc.stdout == b""
    assert out.read_bytes() == BYTES
    assert ebpy("asm", str(source), "-o", str(out), "--hex").returncode == 0
    assert bytes.fromhex(out.read_text()) == BYTES
    assert ebpy("asm", str(source), "-o", "-").stdout == BYTES


def test_asm_reads_stdin_and_ubpf_syntax():
    proc = ebpy("asm", "-", "--syntax", "ubpf", stdin=b"mov %r0, 1\nexit\n")
    assert proc.returncode == 0
    assert proc.stdout.decode() == "b7 00 00 00 01 00 00 00\n95 00 00 00 00 00 00 00\n"


def test_asm_error_is_one_line_naming_file_and_line(tmp_path):
    bad = tmp_path / "bad.s"
    bad.write_text("r0 = 0\n\nr0 = x\nexit\n")
    out = tmp_path / "never.bin"
    proc = ebpy("asm", str(bad), "-o", str(out))
    assert proc.returncode == 1
    message = one_line_error(proc, "asm")
    assert message == (
        f"ebpy asm: error: {bad}: line 3: expected a register, a number or a memory operand "
        "after '=', got 'x'"
    )
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]  # no temporary file left behind


def test_asm_wrong_syntax_and_bad_files(tmp_path, source):
    proc = ebpy("asm", str(source), "--syntax", "ubpf")
    assert proc.returncode == 1
    assert "line 2: unknown instruction 'r0'" in one_line_error(proc, "asm")
    missing = ebpy("asm", str(tmp_path / "missing.s"))
    assert missing.returncode == 1
    assert "No such file or directory" in one_line_error(missing, "asm")
    binary = tmp_path / "blob.s"
    binary.write_bytes(b"r0 = 0\n\xff\xfe\n")
    proc = ebpy("asm", str(binary))
    assert proc.returncode == 1
    assert one_line_error(proc, "asm") == f"ebpy asm: error: {binary}: not UTF-8 text (byte 7)"


def test_asm_usage_errors(source):
    assert ebpy("asm").returncode == 2
    assert ebpy("asm", str(source), "--syntax", "intel").returncode == 2
    helptext = ebpy("asm", "--help")
    assert helptext.returncode == 0
    assert b"hex text on standard output" in helptext.stdout


# ---- ebpy disasm ---------------------------------------------------------------------------------------
def test_disasm_raw_bytes(tmp_path):
    path = tmp_path / "prog.bin"
    path.write_bytes(BYTES)
    proc = ebpy("disasm", str(path))
    assert proc.returncode == 0
    assert proc.stdout.decode().splitlines() == [
        "       0:\tb7 00 00 00 00 00 00 00\tr0 = 0",
        "       1:\t07 00 00 00 01 00 00 00\tr0 += 1",
        "       2:\ta5 00 fe ff 0a 00 00 00\tif r0 < 10 goto -2",
        "       3:\t18 01 00 00 89 67 45 23 00 00 00 00 01 00 00 00\tr1 = 4886718345 ll",
        "       5:\t85 00 00 00 05 00 00 00\tcall 5",
        "       6:\t95 00 00 00 00 00 00 00\texit",
    ]


@pytest.mark.parametrize("syntax", ["llvm", "ubpf"])
def test_disasm_then_asm_gives_the_same_bytes(tmp_path, syntax):
    path = tmp_path / "prog.bin"
    path.write_bytes(BYTES)
    listing = ebpy("disasm", str(path), "--syntax", syntax).stdout.decode()
    text = "\n".join(line.split("\t")[2] for line in listing.splitlines())
    assert text.splitlines() == disassemble(assemble(PROGRAM), syntax=syntax)
    back = ebpy("asm", "-", "-o", "-", stdin=text.encode())
    assert back.stdout == BYTES


def test_disasm_object_like_objdump(bench_dir, llvm_objdump):
    path = bench_dir / "xdp_firewall.o"
    ours = ebpy("disasm", str(path))
    assert ours.returncode == 0
    theirs = subprocess.run([llvm_objdump, "-d", str(path)], capture_output=True, check=True)
    assert ours.stdout == theirs.stdout


def test_disasm_json(bench_dir):
    proc = ebpy("disasm", str(bench_dir / "xdp_checksum.o"), "--json")
    assert proc.returncode == 0
    doc = json.loads(proc.stdout)
    assert doc["file"].endswith("xdp_checksum.o") and doc["format"] == "elf"
    (section,) = doc["sections"]
    assert section["name"] == "xdp"
    (func,) = section["functions"]
    assert (func["name"], func["offset"]) == ("xdp_checksum", 0)
    insns = func["instructions"]
    assert insns[0] == {"slot": 0, "bytes": "b402000000000000", "text": "w2 = 0", "target": None}
    jump = next(i for i in insns if i["text"].startswith("if r0 > r4"))
    assert jump["target"] == jump["slot"] + 1 + 4
    assert set(insns[-1]) == {"slot", "bytes", "text", "target"}


def test_disasm_raw_json(tmp_path):
    path = tmp_path / "prog.bin"
    path.write_bytes(BYTES)
    doc = json.loads(ebpy("disasm", str(path), "--json").stdout)
    assert doc["format"] == "raw"
    (section,) = doc["sections"]
    (func,) = section["functions"]
    assert section["name"] is None and func["name"] is None
    assert [i["target"] for i in func["instructions"]] == [None, None, 1, None, None, None]


def test_disasm_program_filter(compile_bpf):
    path = compile_bpf(
        '#include "bpf_mini.h"\n'
        "static __attribute__((noinline)) int twice(int x) { return x * 2; }\n"
        'SEC("xdp") int first(struct xdp_md *c) { return twice(c->data) & 3; }\n'
        'SEC("tc") int second(void *c) { return 0; }\n'
        'char _license[] SEC("license") = "GPL";\n',
        "cli-disasm",
    )
    only = ebpy("disasm", str(path), "--program", "second").stdout.decode()
    assert "Disassembly of section tc:" in only and "<second>:" in only
    assert "<first>" not in only and "section xdp" not in only
    by_section = ebpy("disasm", str(path), "--program", "xdp").stdout.decode()
    assert "<first>:" in by_section and "<second>" not in by_section
    missing = ebpy("disasm", str(path), "--program", "third")
    assert missing.returncode == 1
    assert one_line_error(missing, "disasm").endswith(
        "no function or section named 'third' (functions: first, second, twice)"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\x7fELF\x02\x01\x01" + bytes(9), "truncated ELF object: 16 bytes, the header needs 64"),
        (
            b"\x7fELF\x02\x01\x01" + bytes(57) + bytes(range(64)),
            "an ELF object for EM_NONE, not for BPF",
        ),
        (
            b"hello world",
            "not an ELF object, and 11 bytes is not a whole number of 8-byte instructions",
        ),
        (bytes.fromhex("b700000000000000ff00000000000000"), "slot 1: unknown opcode (opcode 0xff)"),
        (bytes.fromhex("b70000000000000018010000"), "not a whole number of 8-byte instructions"),
        (
            bytes.fromhex("b700000000000000 1801000000000000"),
            "slot 1: lddw without its second slot",
        ),
        (b"", "empty file"),
    ],
)
def test_disasm_bad_files(tmp_path, content, message):
    path = tmp_path / "bad.o"
    path.write_bytes(content)
    proc = ebpy("disasm", str(path))
    assert proc.returncode == 1
    assert message in one_line_error(proc, "disasm")


def test_disasm_truncated_and_foreign_objects(tmp_path, bench_dir):
    whole = (bench_dir / "xdp_compute.o").read_bytes()
    for cut in (40, 64, 600, len(whole) - 40):
        path = tmp_path / f"cut{cut}.o"
        path.write_bytes(whole[:cut])
        proc = ebpy("disasm", str(path))
        assert proc.returncode == 1, cut
        assert one_line_error(proc, "disasm").startswith(
            f"ebpy disasm: error: {path}: truncated ELF object: "
        )
    host = shutil.which("true")
    if host is not None:
        proc = ebpy("disasm", host)
        assert proc.returncode == 1
        assert "an ELF object for EM_X86_64, not for BPF" in one_line_error(proc, "disasm")


def test_disasm_corrupt_object(tmp_path, bench_dir):
    data = bytearray((bench_dir / "xdp_compute.o").read_bytes())
    data[62:64] = (200).to_bytes(2, "little")  # e_shstrndx: a section that does not exist
    path = tmp_path / "corrupt.o"
    path.write_bytes(bytes(data))
    proc = ebpy("disasm", str(path))
    assert proc.returncode == 1
    assert one_line_error(proc, "disasm").startswith(
        f"ebpy disasm: error: {path}: not a valid ELF object"
    )


def test_disasm_invalid_instruction_in_an_object(tmp_path, bench_dir):
    data = bytearray((bench_dir / "xdp_compute.o").read_bytes())
    code = bytes.fromhex("6112000000000000")  # the first instruction, `r2 = *(u32 *)(r1 + 0)`
    at = data.find(code)
    assert at > 0
    data[at] = 0xFF
    path = tmp_path / "broken.o"
    path.write_bytes(bytes(data))
    proc = ebpy("disasm", str(path))
    assert proc.returncode == 1
    assert one_line_error(proc, "disasm") == (
        f"ebpy disasm: error: {path}: section xdp: slot 0: unknown opcode (opcode 0xff)"
    )


def test_disasm_usage_errors(tmp_path):
    path = tmp_path / "prog.bin"
    path.write_bytes(BYTES)
    proc = ebpy("disasm", str(path), "--program", "main")
    assert proc.returncode == 2
    assert b"--program needs an ELF object" in proc.stderr
    assert ebpy("disasm").returncode == 2
    assert ebpy("disasm", str(path), "--syntax", "att").returncode == 2
