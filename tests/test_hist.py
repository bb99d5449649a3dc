"""Histograms from maps: the model, BCC's and libbpf-tools' exact text, rich bars, plots,
per-key sections, and `ebpy hist` / `ebpy top` over captures, test runs and commands."""

from __future__ import annotations

import builtins
import json
import sys
from pathlib import Path

import pytest

import ebpy
from ebpy.errors import EbpyError
from ebpy.tools import histogram as H
from ebpy.tools.histtext import linear_text, log2_text, sections_text
from ebpy.tools.summary import top, top_text

ROOT = Path(__file__).resolve().parent.parent
HIST_OBJ = ROOT / "benchmarks" / "programs" / "xdp_histogram.o"

# A program keeping one log2 histogram of frame sizes per value of the frame's first byte.
PER_KEY_C = r"""
#include <ebpy/xdp.h>
struct hkey { __u32 kind; __u32 slot; };
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 256);
	__type(key, struct hkey);
	__type(value, __u64);
} sizes SEC(".maps");
SEC("xdp") int per_key(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *first = data;
	if ((void *)(first + 1) > end)
		return XDP_PASS;
	__u64 len = end - data;
	struct hkey k = { .kind = *first, .slot = 0 };
	while (len > 1 && k.slot < 63) { len >>= 1; k.slot++; }
	__u64 one = 1, *c = bpf_map_lookup_elem(&sizes, &k);
	if (c) __sync_fetch_and_add(c, 1); else bpf_map_update_elem(&sizes, &k, &one, BPF_ANY);
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""


# ---- the model ----------------------------------------------------------------------------------


def test_log2_slots_and_ranges():
    assert [H.log2_slot(v) for v in (0, 1, 2, 3, 4, 7, 8, 1 << 40)] == [0, 0, 1, 1, 2, 2, 3, 40]
    h = H.from_values([0, 1, 5, 5, 6, 1000])
    assert h.counts[:3] == [2, 0, 3] and h.counts[9] == 1 and h.total == 6
    assert [(b.low, b.high) for b in h.buckets()][:4] == [(0, 1), (2, 3), (4, 7), (8, 15)]
    assert h.cumulative()[-1] == (1023, 6)
    assert h.cumulative()[2] == (7, 5)


def test_linear_buckets_with_base_and_step():
    h = H.from_values([10, 14, 15, 31], H.HistKind.LINEAR, base=10, step=5)
    assert [(b.low, b.high, b.count) for b in h.buckets()] == [
        (10, 14, 2),
        (15, 19, 1),
        (20, 24, 0),
        (25, 29, 0),
        (30, 34, 1),
    ]
    with pytest.raises(EbpyError, match="below the histogram's base"):
        H.from_values([3], H.HistKind.LINEAR, base=10)


def test_bcc_numbering_reads_as_floor():
    # BCC's bpf_log2l puts 0 and 1 in slot 1 and v in floor(log2(v)) + 1.
    bcc_items = [(1, 4), (2, 3), (5, 1)]
    floor_items = [(0, 4), (1, 3), (4, 1)]
    bcc = H.histograms(bcc_items, H.HistSpec(slots=H.SlotRule.BCC))[None]
    floor = H.histograms(floor_items)[None]
    assert bcc.counts == floor.counts == [4, 3, 0, 0, 1]


def test_sum_exact_with_a_sum_field_else_estimated():
    items = [(0, {"count": 2, "sum": 1}), (3, {"count": 1, "sum": 9})]
    spec = H.HistSpec(value_field="count", sum_field="sum")
    h = H.histograms(items, spec)[None]
    assert h.sum() == (10.0, True)
    estimate, exact = H.histograms([(3, 1)])[None].sum()
    assert (estimate, exact) == (11.5, False)  # the middle of 8..15


def test_bad_maps_are_one_line_errors():
    with pytest.raises(EbpyError, match="bucket -1 is negative"):
        H.histograms([(-1, 1)])
    with pytest.raises(EbpyError, match="beyond 2\\^64"):
        H.histograms([(70, 1)])
    with pytest.raises(EbpyError, match="no integer field"):
        H.histograms([({"name": "x"}, 1)])
    with pytest.raises(EbpyError, match="name the field"):
        H.histograms([(1, {"a": 1, "b": 2})])
    with pytest.raises(EbpyError, match="has no field 'nope'"):
        H.histograms([(1, {"a": 1})], H.HistSpec(value_field="nope"))


# ---- BCC's and libbpf-tools' text, character for character --------------------------------------


def test_bcc_log2_text_exactly():
    h = H.from_values([1, 2, 3, 9])
    assert log2_text(h, "usecs") == (
        "     usecs               : count     distribution\n"
        "         0 -> 1          : 1        |********************                    |\n"
        "         2 -> 3          : 2        |****************************************|\n"
        "         4 -> 7          : 0        |                                        |\n"
        "         8 -> 15         : 1        |********************                    |"
    )


def test_libbpf_log2_text_exactly():
    h = H.Histogram(H.HistKind.LOG2, [0, 3, 0, 7])
    assert log2_text(h, "bytes", style="libbpf") == (
        "     bytes               : count    distribution\n"
        "         0 -> 1          : 0        |                                        |\n"
        "         2 -> 3          : 3        |*****************                       |\n"
        "         4 -> 7          : 0        |                                        |\n"
        "         8 -> 15         : 7        |****************************************|"
    )


def test_star_rounding_follows_each_style():
    # 40 * 1 / 3 = 13.33: both floor to 13; 40 * 2 / 3 = 26.67: both 26.
    h = H.Histogram(H.HistKind.LOG2, [1, 2, 3])
    for style in ("bcc", "libbpf"):
        lines = log2_text(h, style=style).splitlines()[1:]
        assert [line.count("*") for line in lines] == [13, 26, 40]


def test_wide_columns_past_32_buckets():
    counts = [0] * 40
    counts[35] = 5
    h = H.Histogram(H.HistKind.LOG2, counts)
    lines = log2_text(h, "ns").splitlines()
    assert lines[0] == "               ns                            : count     distribution"
    assert lines[-1] == (
        "         34359738368 -> 68719476735          : 5        |********************|"
    )
    # libbpf-tools widens only past slot 32 in its own numbering: 33 buckets stay narrow.
    h33 = H.Histogram(H.HistKind.LOG2, [0] * 32 + [1])
    assert log2_text(h33, style="libbpf").splitlines()[0].startswith("     value")
    assert log2_text(h33, style="bcc").splitlines()[0].startswith("               value")


def test_strip_leading_zero_and_empty():
    h = H.Histogram(H.HistKind.LOG2, [0, 0, 4])
    lines = log2_text(h, strip_leading_zero=True).splitlines()
    assert len(lines) == 2 and lines[1].startswith("         4 -> 7 ")
    assert log2_text(H.Histogram(H.HistKind.LOG2, [0, 0])) == ""


def test_linear_text_both_styles():
    h = H.Histogram(H.HistKind.LINEAR, [2, 0, 1], base=100, step=10)
    assert linear_text(h, "ms") == (
        "     ms            : count     distribution\n"
        "        100        : 2        |****************************************|\n"
        "        110        : 0        |                                        |\n"
        "        120        : 1        |********************                    |"
    )
    assert linear_text(h, "ms", style="libbpf").splitlines()[1:] == [
        "        100        : 2        |****************************************|",
        "        120        : 1        |********************                    |",
    ]


# ---- per-key histograms from a real map ---------------------------------------------------------


@pytest.fixture(scope="module")
def per_key_obj(compile_bpf) -> Path:
    return compile_bpf(PER_KEY_C, "hist_per_key")


def _frames() -> list[bytes]:
    # kind 6: sizes 60, 64, 64, 1500; kind 17: sizes 100, 100
    return [
        b"\x06" + bytes(59),
        b"\x06" + bytes(63),
        b"\x06" + bytes(63),
        b"\x06" + bytes(1499),
        b"\x11" + bytes(99),
        b"\x11" + bytes(99),
    ]


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_per_key_sections_from_a_map(per_key_obj, engine):
    with ebpy.load_spec(per_key_obj).load(engine=engine) as coll:
        prog = coll.programs["per_key"]
        for frame in _frames():
            prog.test_run(data=frame)
        hists = H.map_histograms(coll.maps["sizes"])
    assert set(hists) == {H.Record(kind=6), H.Record(kind=17)}
    tcp = hists[H.Record(kind=6)]
    assert [(b.low, b.count) for b in tcp.buckets(skip_empty=True)] == [(32, 1), (64, 2), (1024, 1)]
    assert hists[H.Record(kind=17)].counts[6] == 2
    text = sections_text(hists, "bytes")
    assert "\nkind = 6\n     bytes               : count     distribution\n" in text
    assert "\nkind = 17\n" in text
    merged = H.combined(hists)[None]
    assert merged.total == 6 and merged.counts[6] == 4
    only = H.combined({H.Record(kind=6): tcp})
    assert list(only) == [None] and only[None] is tcp  # one section: its label goes too
    assert H.combined({}) == {}


@pytest.mark.kernel
def test_per_key_sections_agree_with_the_kernel(per_key_obj):
    from ebpy.testing import kernel_unavailable

    if kernel_unavailable():
        pytest.skip(kernel_unavailable())
    results = []
    for engine in ("interp", "kernel"):
        with ebpy.load_spec(per_key_obj).load(engine=engine) as coll:
            for frame in _frames():
                coll.programs["per_key"].test_run(data=frame)
            results.append(H.map_histograms(coll.maps["sizes"]))
    assert results[0] == results[1]


def test_rich_chart_has_a_row_and_bar_per_bucket():
    from rich.console import Console

    from ebpy.tools.histrich import bar, hist_table

    assert bar(0, 10) == "" and bar(10, 10, 4) == "████" and bar(1, 80, 4) == "▏"
    console = Console(width=100, record=True, color_system=None)
    console.print(hist_table(H.from_values([1, 5, 5, 6]), "bytes"))
    text = console.export_text()
    assert "4 -> 7" in text and "75.0" in text and "█" * 40 in text and "4 values" in text


def test_plot_needs_matplotlib(monkeypatch, tmp_path):
    from ebpy.tools.plot import PlotError, plot_histograms

    real_import = builtins.__import__

    def no_matplotlib(name, *args, **kwargs):
        if name.startswith("matplotlib"):
            raise ImportError("no matplotlib")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_matplotlib)
    monkeypatch.delitem(sys.modules, "matplotlib", raising=False)
    with pytest.raises(PlotError, match=r"pip install 'ebpy\[plot\]'"):
        plot_histograms({None: H.from_values([1])}, tmp_path / "x.png")


def test_plot_file_types(tmp_path):
    from ebpy.tools.plot import PlotError, plot_histograms

    with pytest.raises(PlotError, match=r"as \.png or \.svg"):
        plot_histograms({None: H.from_values([1])}, tmp_path / "x.jpg")
    with pytest.raises(PlotError, match="nothing to plot"):
        plot_histograms({}, tmp_path / "x.svg")


def test_plot_png_and_svg(tmp_path):
    pytest.importorskip("matplotlib")
    from ebpy.tools.plot import plot_histograms

    hists = {H.Record(kind=6): H.from_values([1, 5, 60]), H.Record(kind=17): H.from_values([9])}
    png = plot_histograms(hists, tmp_path / "h.png", val_type="bytes")
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    svg = (plot_histograms(hists, tmp_path / "h.svg", title="sizes")).read_text()
    assert svg.lstrip().startswith("<?xml") and "sizes: kind = 6" in svg


# ---- top-N -------------------------------------------------------------------------------------


def test_top_ranks_groups_and_shares():
    items = [
        ({"pid": 1, "nr": 0}, 5),
        ({"pid": 1, "nr": 1}, 1),
        ({"pid": 2, "nr": 0}, 4),
    ]
    rows = top(items, 2)
    assert [(r.key["nr"], r.value) for r in rows] == [(0, 5), (0, 4)]
    by_nr = top(items, None, group_by=["nr"])
    assert [(dict(r.key), r.value) for r in by_nr] == [({"nr": 0}, 9), ({"nr": 1}, 1)]
    assert by_nr[0].share == pytest.approx(0.9)
    assert top_text(by_nr, value_header="calls").splitlines() == [
        "key  calls      %",
        "nr=0     9   90.0",
        "nr=1     1   10.0",
    ]
    with pytest.raises(EbpyError, match="no field 'cpu'"):
        top(items, group_by=["cpu"])


# ---- the commands ------------------------------------------------------------------------------


@pytest.fixture
def sizes_pcap(tmp_path) -> Path:
    from ebpy.hooks.packets import write_capture

    path = tmp_path / "sizes.pcap"
    write_capture(path, [bytes(n) for n in (60, 60, 64, 100, 200, 1500, 1500, 1500, 700)])
    return path


def test_hist_command_over_a_capture(ebpy_cli, sizes_pcap):
    out = ebpy_cli("hist", str(HIST_OBJ), "--pcap", str(sizes_pcap), "--unit", "bytes").stdout
    assert out.splitlines()[0] == "     bytes               : count     distribution"
    assert "        32 -> 63         : 2        |**************************              |" in out
    assert "      1024 -> 2047       : 3        |****************************************|" in out
    js = json.loads(
        ebpy_cli(
            "hist", str(HIST_OBJ), "--engine", "interp", "--pcap", str(sizes_pcap), "--json"
        ).stdout
    )
    assert js["map"] == "sizes"
    (h,) = js["histograms"]
    assert h["total"] == 9 and {"low": 64, "high": 127, "count": 2} in h["buckets"]


def test_hist_command_test_runs_libbpf_style_and_plot(ebpy_cli, tmp_path):
    pkt = ROOT / "benchmarks" / "programs" / "pkt64.bin"
    args = ["hist", str(HIST_OBJ), "-e", "interp", "--data-in", str(pkt), "--repeat", "7"]
    args += ["--style", "libbpf"]
    if ebpy_has_matplotlib():
        args += ["--plot", str(tmp_path / "p.svg")]
    out = ebpy_cli(*args).stdout
    assert out.splitlines()[0] == "     value               : count    distribution"
    assert "        64 -> 127        : 7        |****************************************|" in out
    if ebpy_has_matplotlib():
        assert (tmp_path / "p.svg").read_text().lstrip().startswith("<?xml")


def ebpy_has_matplotlib() -> bool:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def test_hist_command_live_intervals_under_a_supervised_command(ebpy_cli, tmp_path):
    # A policy counting calls per log2 of the system call number, while a shell sleeps twice:
    # the interval (0.2 s) passes during each sleep, so it prints at two ticks and stops.
    src = tmp_path / "nr_hist.c"
    src.write_text(
        "#include <ebpy/seccomp.h>\n"
        "struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 16);"
        ' __type(key, __u32); __type(value, __u64); } nrs SEC(".maps");\n'
        'SEC("seccomp") int nr_hist(struct seccomp_data *ctx) {\n'
        "  __u32 v = ctx->nr, slot = 0;\n"
        "  while (v > 1 && slot < 15) { v >>= 1; slot++; }\n"
        "  __u64 *c = bpf_map_lookup_elem(&nrs, &slot); if (c) __sync_fetch_and_add(c, 1);\n"
        "  return SECCOMP_RET_ALLOW; }\n"
        'char _license[] SEC("license") = "GPL";\n'
    )
    from conftest import compile_c

    obj = compile_c(src.read_text(), "nr_hist")
    proc = ebpy_cli(
        "hist", str(obj), "--interval", "0.2", "--count", "2", "--style", "bcc", "-e", "interp",
        "--", "/bin/sh", "-c", "/bin/sleep 0.4; /bin/sleep 0.4",
    )  # fmt: skip
    blocks = [b for b in proc.stdout.split("\n\n") if b.strip()]
    assert len(blocks) == 2
    for block in blocks:
        lines = block.strip().splitlines()
        assert len(lines[0]) == 8 and lines[0][2] == ":"  # HH:MM:SS
        assert lines[1] == "     value               : count     distribution"


def test_top_command_over_a_supervised_command(ebpy_cli):
    obj = ROOT / "examples" / "policies" / "count_syscalls.o"
    proc = ebpy_cli(
        "top", str(obj), "-e", "interp", "--group-by", "nr", "-n", "3", "--json", "--", "/bin/true"
    )
    rows = json.loads(proc.stdout.splitlines()[-1])["rows"]
    assert len(rows) == 3
    assert rows[0]["value"] >= rows[1]["value"] >= rows[2]["value"] >= 1
    assert set(rows[0]["key"]) == {"nr"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--pcap", "x.pcap", "--data-in", "y"], "choose one source"),
        ([], "nothing makes the programs run"),
        (["--pcap", "nope.pcap", "--map", "nothere"], "no map 'nothere'"),
        (["--pcap", "x", "--count", "2"], "--count goes with --interval"),
        (["--attach", "--engine", "jit"], "--attach works with the kernel engine"),
        (["--pinned", "/nonexistent-dir"], "--pinned /nonexistent-dir: no such folder"),
    ],
)
def test_hist_command_errors_are_one_line(ebpy_cli, args, message, sizes_pcap, tmp_path):
    args = [str(sizes_pcap) if a == "nope.pcap" else a for a in args]
    proc = ebpy_cli("hist", str(HIST_OBJ), *args, check=False)
    assert proc.returncode == 1, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("ebpy hist: error:")
