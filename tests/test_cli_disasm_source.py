"""`ebpy disasm --source`: C lines from BTF line info interleaved with the listing."""

from __future__ import annotations

import subprocess
import sys

SOURCE = """
#include "bpf_mini.h"
SEC("xdp") int count_bytes(struct xdp_md *ctx) {
  __u32 len = ctx->data_end - ctx->data;
  if (len > 100) return XDP_DROP;
  return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""


def _disasm(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", "disasm", *args], capture_output=True, text=True
    )


def test_source_lines_precede_their_instructions(compile_bpf) -> None:
    obj = compile_bpf(SOURCE, "disasm_source")
    out = _disasm("--source", str(obj))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    first = next(i for i, line in enumerate(lines) if "ctx->data_end - ctx->data" in line)
    assert lines[first].startswith("; ") and ":4: " in lines[first]
    assert "= *(u32 *)(r1 +" in lines[first + 1]  # the load of data/data_end follows its line
    assert any(line.startswith("; ") and ":7: }" in line for line in lines)
    # without --source the listing is unchanged (and matches llvm-objdump elsewhere)
    plain = _disasm(str(obj)).stdout
    assert "; " not in plain and plain.count("\n") < out.stdout.count("\n")


def test_source_needs_line_info(compile_bpf, tmp_path) -> None:
    obj = compile_bpf(SOURCE, "disasm_source_nog", cflags=("-g0",))
    out = _disasm("--source", str(obj))
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "line info" in out.stderr
