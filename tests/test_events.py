"""Event streams: filter expressions (parsed, never eval'd), records decoded through BTF, and
`ebpy events` over a capture, test runs, a supervised command and the kernel."""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

import ebpy
from ebpy.btf.codec import Record
from ebpy.tools.events import EventDecoder, EventError, TablePrinter, default_columns, json_line
from ebpy.tools.filter import FilterError, compile_filter

# An XDP program sending one event per frame: its length, its first byte and a tag.
EVENTS_C = r"""
#include <ebpy/xdp.h>
struct event { __u32 len; __u8 first; __s8 neg; __u16 pad; char tag[8]; __u8 raw[4]; };
const struct event *unused_event __attribute__((unused));
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 4096); } events SEC(".maps");
SEC("xdp") int frames(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 *p = data;
	if ((void *)(p + 1) > end)
		return XDP_PASS;
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return XDP_PASS;
	e->len = end - data;
	e->first = *p;
	e->neg = -1;
	e->pad = 0;
	__builtin_memset(e->tag, 0, sizeof(e->tag));
	if (*p == 1)
		__builtin_memcpy(e->tag, "one", 4);
	else
		__builtin_memcpy(e->tag, "other", 6);
	__builtin_memcpy(e->raw, "\xde\xad\xbe\xef", 4);
	bpf_ringbuf_submit(e, 0);
	return XDP_PASS;
}
char _license[] SEC("license") = "GPL";
"""

# A tracepoint program sending the pid and comm of every getppid() call.
TRACE_C = r"""
#include <ebpy/bpf.h>
struct event { __u32 pid; char comm[16]; };
const struct event *unused_event __attribute__((unused));
struct { __uint(type, BPF_MAP_TYPE_RINGBUF); __uint(max_entries, 1 << 16); } events SEC(".maps");
SEC("tracepoint/syscalls/sys_enter_getppid") int getppid_calls(void *ctx)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);
	if (!e)
		return 0;
	e->pid = bpf_get_current_pid_tgid() >> 32;
	bpf_get_current_comm(e->comm, sizeof(e->comm));
	bpf_ringbuf_submit(e, 0);
	return 0;
}
char _license[] SEC("license") = "GPL";
"""


# The same through a perf event array (one ring per CPU).
PERF_C = r"""
#include <ebpy/bpf.h>
struct event { __u32 pid; char comm[16]; };
const struct event *unused_event __attribute__((unused));
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} samples SEC(".maps");
SEC("tracepoint/syscalls/sys_enter_getppid") int getppid_samples(void *ctx)
{
	struct event e = { .pid = bpf_get_current_pid_tgid() >> 32 };
	bpf_get_current_comm(e.comm, sizeof(e.comm));
	bpf_perf_event_output(ctx, &samples, BPF_F_CURRENT_CPU, &e, sizeof(e));
	return 0;
}
char _license[] SEC("license") = "GPL";
"""


# ---- filters -----------------------------------------------------------------------------------

EVENT = Record(pid=42, comm="bash", ret=-2, args=[1, 2, 3], key=Record(nr=59), raw=b"cat\0\0")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pid == 42", True),
        ("pid != 42", False),
        ("pid > 40 and pid <= 42", True),
        ("pid < 10 or comm == 'bash'", True),
        ('comm == "zsh"', False),
        ("not pid == 1", True),
        ("!(pid == 42)", False),
        ("pid == 0x2a", True),
        ("ret < 0", True),
        ("ret == -2", True),
        ("ret", True),
        ("args[1] == 2", True),
        ("key.nr == 59", True),
        ("comm =~ '^ba'", True),
        ("comm !~ 'sh$'", False),
        ("raw == 'cat'", True),  # a char array that is not text compares as text
        ("pid == 42 && (comm == 'x' || ret == -2)", True),
        ("pid == 4_2", True),
        ("true", True),
        ("false or pid == 1", False),
    ],
)
def test_filter_evaluates(text, expected):
    assert compile_filter(text)(EVENT) is expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty filter"),
        ("pid ==", "expected a field, a number or a string at the end"),
        ("pid == 42 pid", "expected and/or or the end at column 11"),
        ("(pid == 1", "expected ')'"),
        ("pid @ 3", "unexpected '@' at column 5"),
        ("__import__('os')", "expected and/or or the end"),
        ("comm =~ 3", "a regular expression (a string) must follow"),
        ("comm =~ '('", "bad regular expression"),
        ("args[x] == 1", "expected an index"),
        ("and == 1", "expected a field"),
    ],
)
def test_filter_errors_are_one_line(text, message):
    with pytest.raises(FilterError, match=r"filter") as e:
        compile_filter(text)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_filter_checks_fields_when_known_and_at_run_time_otherwise():
    with pytest.raises(FilterError, match=r"no field 'pdi' \(fields: comm, pid\)"):
        compile_filter("pdi == 1", ["pid", "comm"])
    f = compile_filter("args[9] == 1")
    with pytest.raises(FilterError, match="the event has no args\\[9\\]"):
        f(EVENT)
    with pytest.raises(FilterError, match="cannot compare 'bash' < 3"):
        compile_filter("comm < 3")(EVENT)


# ---- decoding ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def events_obj(compile_bpf) -> Path:
    return compile_bpf(EVENTS_C, "events_frames")


def test_decoder_finds_the_anchored_struct_and_pads_short_records(events_obj):
    spec = ebpy.load_spec(events_obj)
    dec = EventDecoder.from_spec(spec)
    assert dec.type.name == "event" and dec.size == 20
    assert dec.fields == ["len", "first", "neg", "pad", "tag", "raw"]
    full = dec.decode((7).to_bytes(4, "little") + b"\x01\xff\0\0one\0\0\0\0\0\xde\xad\xbe\xef")
    assert full == {
        "len": 7,
        "first": 1,
        "neg": -1,
        "pad": 0,
        "tag": "one",
        "raw": b"\xde\xad\xbe\xef",
    }
    short = dec.decode((9).to_bytes(4, "little"))  # a record cut after its first field
    assert short.len == 9 and short.tag == "" and short.raw == bytes(4)
    with_extra = EventDecoder(dec.type, lambda ev: {"big": ev.len > 8}).decode(b"\x09" + bytes(19))
    assert with_extra.big is True
    assert json.loads(json_line(full)) == {
        "len": 7, "first": 1, "neg": -1, "pad": 0, "tag": "one", "raw": "deadbeef",
    }  # fmt: skip


def test_decoder_errors(events_obj, compile_bpf):
    spec = ebpy.load_spec(events_obj)
    with pytest.raises(EventError, match="no struct named 'nope'"):
        EventDecoder.from_spec(spec, "nope")
    bare = compile_bpf(
        '#include <ebpy/xdp.h>\nSEC("xdp") int f(struct xdp_md *c) { return XDP_PASS; }\n'
        'char _license[] SEC("license") = "GPL";\n',
        "events_bare",
    )
    with pytest.raises(EventError, match="no event struct found: name it"):
        EventDecoder.from_spec(ebpy.load_spec(bare))


def test_table_printer_aligns_columns(events_obj, capsys):
    import sys

    dec = EventDecoder.from_spec(ebpy.load_spec(events_obj))
    printer = TablePrinter(default_columns(dec.type), sys.stdout)
    printer.print(Record(len=60, first=6, neg=-1, pad=0, tag="other", raw=b"\x01\x02"))
    header, line = capsys.readouterr().out.splitlines()
    assert header.split() == ["LEN", "FIRST", "NEG", "PAD", "TAG", "RAW"]
    assert line.split() == ["60", "6", "-1", "0", "other", "0102"]
    assert header.index("TAG") == line.index("other")


# ---- the command ---------------------------------------------------------------------------------


@pytest.fixture
def frames_pcap(tmp_path) -> Path:
    from ebpy.hooks.packets import write_capture

    path = tmp_path / "frames.pcap"
    write_capture(path, [b"\x01" + bytes(59), b"\x02" + bytes(99), b"\x01" + bytes(1499)])
    return path


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_events_command_over_a_capture(ebpy_cli, events_obj, frames_pcap, engine):
    out = ebpy_cli("events", str(events_obj), "-e", engine, "--pcap", str(frames_pcap)).stdout
    lines = out.splitlines()
    assert lines[0].split() == ["LEN", "FIRST", "NEG", "PAD", "TAG", "RAW"]
    assert [line.split()[:5] for line in lines[1:]] == [
        ["60", "1", "-1", "0", "one"],
        ["100", "2", "-1", "0", "other"],
        ["1500", "1", "-1", "0", "one"],
    ]


def test_events_command_json_filter_and_limit(ebpy_cli, events_obj, frames_pcap):
    args = ["events", str(events_obj), "-e", "interp", "--pcap", str(frames_pcap), "--json"]
    out = ebpy_cli(*args, "--filter", "tag == 'one' and len > 100").stdout
    assert [json.loads(line) for line in out.splitlines()] == [
        {"len": 1500, "first": 1, "neg": -1, "pad": 0, "tag": "one", "raw": "deadbeef"}
    ]
    out = ebpy_cli(*args, "--max-events", "2").stdout
    assert [json.loads(line)["len"] for line in out.splitlines()] == [60, 100]


def test_events_command_test_runs(ebpy_cli, events_obj, tmp_path):
    frame = tmp_path / "f.bin"
    frame.write_bytes(b"\x01" + bytes(63))
    args = ["events", str(events_obj), "-e", "interp", "--data-in", str(frame), "--repeat", "3"]
    out = ebpy_cli(*args, "--json").stdout
    assert [json.loads(line)["len"] for line in out.splitlines()] == [64, 64, 64]


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--filter", "nope == 1"], "no field 'nope'"),
        (["--type", "missing"], "no struct named 'missing'"),
        (["--map", "nothere"], "no map 'nothere'"),
        (["--max-events", "0"], "--max-events must be at least 1"),
    ],
)
def test_events_command_errors(ebpy_cli, events_obj, frames_pcap, extra, message):
    proc = ebpy_cli("events", str(events_obj), "--pcap", str(frames_pcap), *extra, check=False)
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and message in proc.stderr


@pytest.mark.kernel
@pytest.mark.parametrize("source", [TRACE_C, PERF_C], ids=["ringbuf", "perf"])
def test_events_command_from_a_kernel_tracepoint(ebpy_cli, compile_bpf, source):
    from ebpy.testing import kernel_unavailable

    if kernel_unavailable():
        pytest.skip(kernel_unavailable())
    obj = compile_bpf(source, "events_getppid")
    me = os.getpid()
    stop = threading.Event()

    def calls() -> None:  # the activity: this process calls getppid() until the stream ends
        while not stop.wait(0.05):
            os.getppid()

    worker = threading.Thread(target=calls, daemon=True)
    worker.start()
    try:
        out = ebpy_cli(
            "events",
            str(obj),
            "--attach",
            "--json",
            "--filter",
            f"pid == {me}",
            "--max-events",
            "3",
        ).stdout
    finally:
        stop.set()
        worker.join()
    events = [json.loads(line) for line in out.splitlines()]
    assert len(events) == 3 and all(e["pid"] == me for e in events)
