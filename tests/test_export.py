"""The Prometheus exporter: maps read at each scrape, scraped over HTTP and parsed as the
text format; counters, gauges, histograms with cumulative buckets, labels from struct keys,
per-map settings from flags and TOML; `ebpy export` as a process."""

from __future__ import annotations

import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

import ebpy
from ebpy.tools.export import (
    ExportConfig,
    ExportError,
    MapCollector,
    MetricConfig,
    MetricType,
    configs,
    load_config,
    parse_metric_flag,
    serve,
)

# Counts frames per (ethertype byte, first byte), a log2 histogram of sizes per first byte
# (keys with a `slot` field), bytes seen in a .bss global, and a value struct of two counters.
EXPORT_C = r"""
#include <ebpy/xdp.h>
struct fkey { __u8 kind; __u8 pad[3]; __u32 port; };
struct hkey { __u32 kind; __u32 slot; };
struct stats { __u64 packets; __u64 bytes; };
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 64);
  __type(key, struct fkey); __type(value, __u64); } frames SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_HASH); __uint(max_entries, 256);
  __type(key, struct hkey); __type(value, __u64); } sizes SEC(".maps");
struct { __uint(type, BPF_MAP_TYPE_ARRAY); __uint(max_entries, 1);
  __type(key, __u32); __type(value, struct stats); } totals SEC(".maps");
__u64 bytes_seen = 0;
SEC("xdp") int exported(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	if ((void *)(p + 2) > end)
		return XDP_PASS;
	__u64 len = end - data, one = 1, *c;
	struct fkey f = { .kind = p[0], .port = p[1] };
	c = bpf_map_lookup_elem(&frames, &f);
	if (c) __sync_fetch_and_add(c, 1); else bpf_map_update_elem(&frames, &f, &one, BPF_ANY);
	struct hkey h = { .kind = p[0], .slot = 0 };
	__u64 v = len;
	while (v > 1 && h.slot < 63) { v >>= 1; h.slot++; }
	c = bpf_map_lookup_elem(&sizes, &h);
	if (c) __sync_fetch_and_add(c, 1); else bpf_map_update_elem(&sizes, &h, &one, BPF_ANY);
	__u32 zero = 0;
	struct stats *s = bpf_map_lookup_elem(&totals, &zero);
	if (s) { __sync_fetch_and_add(&s->packets, 1); __sync_fetch_and_add(&s->bytes, len); }
	__sync_fetch_and_add(&bytes_seen, len);
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""

FRAMES = [b"\x06\x50" + bytes(58), b"\x06\x50" + bytes(62), b"\x11\x35" + bytes(98)]


@pytest.fixture(scope="module")
def export_obj(compile_bpf) -> Path:
    return compile_bpf(EXPORT_C, "export_maps")


@pytest.fixture
def coll(export_obj):
    with ebpy.load_spec(export_obj).load(engine="interp") as c:
        for frame in FRAMES:
            c.programs["exported"].test_run(data=frame)
        yield c


def scrape(url: str) -> dict[str, object]:
    with urllib.request.urlopen(url, timeout=10) as r:
        text = r.read().decode()
    return {f.name: f for f in text_string_to_metric_families(text)}


def samples(family: object) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for s in family.samples  # type: ignore[attr-defined]
    }


def test_default_export_over_http(coll):
    with serve(MapCollector(coll.maps), port=0) as server:
        fams = scrape(server.url)
        assert server.url.startswith("http://127.0.0.1:")
    frames = fams["ebpy_frames"]
    assert frames.type == "counter"
    assert samples(frames) == {
        ("ebpy_frames_total", (("kind", "6"), ("pad", "000000"), ("port", "80"))): 2.0,
        ("ebpy_frames_total", (("kind", "17"), ("pad", "000000"), ("port", "53"))): 1.0,
    }
    sizes = fams["ebpy_sizes"]  # a `slot` key field: a histogram per kind
    assert sizes.type == "histogram"
    got = samples(sizes)
    tcp = (("kind", "6"),)
    assert got[("ebpy_sizes_bucket", (*tcp, ("le", "31.0")))] == 0
    assert got[("ebpy_sizes_bucket", (*tcp, ("le", "63.0")))] == 1
    assert got[("ebpy_sizes_bucket", (*tcp, ("le", "127.0")))] == 2
    assert got[("ebpy_sizes_bucket", (*tcp, ("le", "+Inf")))] == 2
    assert got[("ebpy_sizes_count", tcp)] == 2
    assert got[("ebpy_sizes_sum", tcp)] == (32 + 63) / 2 + (64 + 127) / 2  # bucket middles
    udp = (("kind", "17"),)
    assert got[("ebpy_sizes_bucket", (*udp, ("le", "63.0")))] == 0
    assert got[("ebpy_sizes_bucket", (*udp, ("le", "127.0")))] == 1
    # the same buckets for every series of the family
    les = {dict(k[1])["le"] for k in got if k[0] == "ebpy_sizes_bucket"}
    assert len([k for k in got if k[0] == "ebpy_sizes_bucket"]) == 2 * len(les)
    totals = {n: samples(fams[n]) for n in ("ebpy_totals_packets", "ebpy_totals_bytes")}
    assert totals["ebpy_totals_packets"] == {("ebpy_totals_packets_total", (("key", "0"),)): 3}
    assert totals["ebpy_totals_bytes"] == {("ebpy_totals_bytes_total", (("key", "0"),)): 224}
    assert samples(fams["ebpy_bytes_seen"]) == {("ebpy_bytes_seen", ()): 224}
    assert fams["ebpy_bytes_seen"].type == "gauge"


def test_scrapes_read_the_maps_each_time(coll):
    with serve(MapCollector(coll.maps), port=0) as server:
        before = samples(scrape(server.url)["ebpy_frames"])
        coll.programs["exported"].test_run(data=FRAMES[2])
        after = samples(scrape(server.url)["ebpy_frames"])
    key = ("ebpy_frames_total", (("kind", "17"), ("pad", "000000"), ("port", "53")))
    assert (before[key], after[key]) == (1, 2)


def test_configured_names_types_labels_and_buckets(coll, tmp_path):
    toml = tmp_path / "metrics.toml"
    toml.write_text(
        'prefix = "app_"\n'
        "[maps.sizes]\n"
        'name = "frame_size_bytes"\nhelp = "Frame sizes"\nlabels = { kind = "proto" }\n'
        "[maps.frames]\n"
        'type = "gauge"\nlabels = { port = "dport" }\n'
        "[maps.totals]\nskip = true\n"
    )
    config = configs(str(toml), ["totals,type=counter,value_field=bytes"], None, only=False)
    assert config.prefix == "app_" and not config.maps["totals"].skip
    with serve(MapCollector(coll.maps, config), port=0) as server:
        fams = scrape(server.url)
    sizes = fams["frame_size_bytes"]
    assert sizes.documentation == "Frame sizes"
    assert ("frame_size_bytes_count", (("proto", "6"),)) in samples(sizes)
    frames = fams["app_frames"]
    assert frames.type == "gauge"
    assert ("app_frames", (("dport", "80"), ("kind", "6"), ("pad", "000000"))) in samples(frames)
    assert samples(fams["app_totals"]) == {("app_totals_total", (("key", "0"),)): 224}
    assert "app_bytes_seen" in fams


def test_only_configured_and_linear_buckets(coll):
    cfg = parse_metric_flag("sizes,type=histogram,buckets=linear,base=0,step=1,slot_field=slot")
    config = ExportConfig("ebpy_", {"sizes": cfg}, only_configured=True)
    with serve(MapCollector(coll.maps, config), port=0) as server:
        fams = scrape(server.url)
    assert set(fams) == {"ebpy_sizes"}
    got = samples(fams["ebpy_sizes"])
    # linear, step 1: slot 5 holds "value 5", slot 6 "value 6"
    assert got[("ebpy_sizes_bucket", (("kind", "6"), ("le", "5.0")))] == 1
    assert got[("ebpy_sizes_bucket", (("kind", "6"), ("le", "6.0")))] == 2


def test_flags_and_config_errors(tmp_path):
    assert parse_metric_flag("m,type=gauge,label.pid=process,help=Hi") == MetricConfig(
        "m", MetricType.GAUGE, help="Hi", labels={"pid": "process"}
    )
    with pytest.raises(ExportError, match="unknown setting 'colour'"):
        parse_metric_flag("m,colour=red")
    with pytest.raises(ExportError, match="'1bad' is not a valid Prometheus metric name"):
        parse_metric_flag("m,name=1bad")
    with pytest.raises(ExportError, match="'le-x' is not a valid Prometheus label name"):
        parse_metric_flag("m,label.slot=le-x")
    with pytest.raises(ExportError, match="'sometimes' is not a valid MetricType"):
        parse_metric_flag("m,type=sometimes")
    with pytest.raises(ExportError, match="step must be an integer"):
        parse_metric_flag("m,step=x")
    bad = tmp_path / "bad.toml"
    bad.write_text("[maps.x\n")
    with pytest.raises(ExportError, match="not valid TOML"):
        load_config(bad)
    bad.write_text("colour = 1\n")
    with pytest.raises(ExportError, match="unknown setting 'colour'"):
        load_config(bad)
    with pytest.raises(ExportError, match="No such file"):
        load_config(tmp_path / "missing.toml")


def test_unknown_map_and_busy_port(coll):
    with pytest.raises(ExportError, match="no map 'nope' to export"):
        MapCollector(coll.maps, ExportConfig(maps={"nope": MetricConfig("nope")}))
    with serve(MapCollector(coll.maps), port=0) as server:
        busy = f"cannot serve on 127.0.0.1:{server.port}"
        with pytest.raises(ExportError, match=busy):
            serve(MapCollector(coll.maps), port=server.port)


def test_export_command_serves_until_interrupted(export_obj, tmp_path):
    from ebpy.hooks.packets import write_capture

    pcap = tmp_path / "in.pcap"
    write_capture(pcap, FRAMES)
    proc = subprocess.Popen(
        [sys.executable, "-m", "ebpy", "export", str(export_obj), "-e", "interp",
         "--pcap", str(pcap), "--port", "0", "--metric", "frames,name=frames_seen"],
        stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert first.startswith("serving http://127.0.0.1:"), first
        assert proc.stderr.readline().startswith("done; still serving")
        fams = scrape(first.split()[1])
        assert sum(samples(fams["frames_seen"]).values()) == 3
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()


@pytest.mark.kernel
def test_export_command_serves_kernel_maps_pinned_by_another_loader(export_obj, tmp_path):
    """A collection in the kernel (filled by test runs), its maps pinned by name; a separate
    `ebpy export --pinned` process serves them typed through the object's BTF."""
    import uuid

    from ebpy.kernel.commands import obj_pin
    from ebpy.kernel.pinning import ensure_bpffs
    from ebpy.testing import kernel_unavailable

    if kernel_unavailable():
        pytest.skip(kernel_unavailable())
    folder = ensure_bpffs(f"/sys/fs/bpf/ebpy-export-{uuid.uuid4().hex[:8]}")
    proc = None
    try:
        with ebpy.load_spec(export_obj).load(engine="kernel") as coll:
            for frame in FRAMES:
                coll.programs["exported"].test_run(data=frame)
            for name in ("frames", "sizes"):
                obj_pin(coll.maps[name].fd, f"{folder}/{name}")
        proc = subprocess.Popen(
            [sys.executable, "-m", "ebpy", "export", str(export_obj), "--pinned", folder,
             "--port", "0"],
            stderr=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        )  # fmt: skip
        assert proc.stderr is not None
        first = proc.stderr.readline()
        assert first.startswith("serving http://127.0.0.1:"), first + proc.stderr.read()
        fams = scrape(first.split()[1])
        assert (
            samples(fams["ebpy_frames"])[
                ("ebpy_frames_total", (("kind", "6"), ("pad", "000000"), ("port", "80")))
            ]
            == 2
        )
        assert samples(fams["ebpy_sizes"])[("ebpy_sizes_count", (("kind", "17"),))] == 1
        assert "ebpy_totals_packets" not in fams  # not pinned: not there
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc is not None and proc.poll() is None:
            proc.kill()
            proc.wait()
        subprocess.run(["rm", "-rf", folder])
