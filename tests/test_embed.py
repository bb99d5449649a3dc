"""ebpy.embed: context layouts as clang lays them out, the host's helper allow-list, verifier
rejections at the C line, per-run budgets on both engines, and concurrent runs."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

import ebpy
from ebpy.btf.types import Struct
from ebpy.embed import (
    DEFAULT_HELPERS,
    ContextLayout,
    Field,
    LayoutError,
    PluginError,
    PluginHost,
)
from ebpy.errors import ObjectError, RuntimeFault, VerifierError

ENGINES = ["jit", "interp"]

LAYOUT = ContextLayout(
    "event",
    [
        Field("kind", "u8"),
        Field("size", "u32", doc="bytes"),
        Field("delta", "s16"),
        Field("stamp", "u64"),
        Field("name", "u8", 13),
        Field("ports", "u16", 3),
        Field("flags", "s32"),
    ],
)


def plugin_source(body: str, head: str = "", layout: ContextLayout = LAYOUT) -> str:
    return f"""{layout.c_header()}
{head}
SEC("plugin") int on_event(struct {layout.name} *ctx) {{
{body}
}}
char _license[] SEC("license") = "GPL";
"""


COUNTERS = """
struct {
    __uint(type, BPF_MAP_TYPE_HASH);
    __uint(max_entries, 64);
    __type(key, __u32);
    __type(value, __u64);
} counters SEC(".maps");
"""


# ---- layouts ------------------------------------------------------------------------------------
def test_layout_matches_clang(compile_bpf) -> None:
    """Offsets and size as clang lays the struct out (read back from the object's BTF)."""
    obj = compile_bpf(plugin_source("return ctx->kind + ctx->flags + ctx->ports[2];"), "layout")
    struct = ebpy.load_spec(obj).btf.find("event", Struct)
    assert struct.size == LAYOUT.size == 48
    assert {m.name: m.offset // 8 for m in struct.members} == LAYOUT.offsets
    assert LAYOUT.offsets == {
        "kind": 0, "size": 4, "delta": 8, "stamp": 16, "name": 24, "ports": 38, "flags": 44,
    }  # fmt: skip


def test_c_text_round_trip_and_comments() -> None:
    parsed = ContextLayout.from_c(
        """
        // the event a plugin sees
        struct event {
            unsigned char kind;
            __u32 size;    /* bytes */
            short delta;
            unsigned long long stamp;
            __u8 name[ 13 ];
            __be16 ports[3];
            int flags;
        };"""
    )
    assert parsed == LAYOUT and parsed.offsets == LAYOUT.offsets
    assert parsed.field("size").doc == "bytes" and parsed.field("kind").doc == ""
    body = LAYOUT.c_header().split("#include <ebpy/bpf.h>")[1].split("#endif")[0]
    assert ContextLayout.from_c(body) == LAYOUT


@pytest.mark.parametrize(
    "text,message",
    [
        ("struct s { float f; };", "line 1: member f: type 'float' is not one of the scalar types"),
        ("struct s {\n  __u32 a;\n  __u32 b c;\n};", "line 3: member c: type '__u32 b' is not"),
        ("struct s {\n  __u32 a[x];\n};", "line 2: cannot read the member declaration"),
        ("struct s { __u32 a };", "struct s: the last member has no ';'"),
        ("struct s { };", "struct s has no members"),
        ("union u { __u32 a; };", "expected one `struct NAME"),
        ("struct s { __u32 a; __u64 a; };", "struct s: field a appears twice"),
    ],
)
def test_bad_c_text_gives_one_line(text: str, message: str) -> None:
    with pytest.raises(LayoutError) as e:
        ContextLayout.from_c(text)
    assert message in str(e.value) and "\n" not in str(e.value)


def test_pack_and_unpack() -> None:
    raw = LAYOUT.pack(kind=7, delta=-2, stamp=1 << 63, name="hello", ports=[80, 443])
    assert len(raw) == LAYOUT.size
    back = LAYOUT.unpack(raw)
    assert back["kind"] == 7 and back["delta"] == -2 and back["stamp"] == 1 << 63
    assert back["name"] == b"hello".ljust(13, b"\0") and back["ports"] == [80, 443, 0]
    assert raw[38:40] == (80).to_bytes(2, "little")


@pytest.mark.parametrize(
    "values,message",
    [
        ({"kind": 256}, "field kind: 256 does not fit in u8"),
        ({"delta": 40000}, "field delta: 40000 does not fit in s16"),
        ({"size": -1}, "field size: -1 does not fit in u32"),
        ({"name": b"x" * 14}, "field name holds 13 bytes, got 14"),
        ({"ports": [1, 2, 3, 4]}, "field ports holds 3 values, got 4"),
        ({"kind": "a"}, "field kind takes integers, got str"),
        ({"nope": 1}, "struct event has no field 'nope'"),
    ],
)
def test_bad_values_say_which_field(values: dict, message: str) -> None:
    with pytest.raises(LayoutError, match=message):
        LAYOUT.pack(values)


def test_bad_layouts() -> None:
    with pytest.raises(LayoutError, match="unknown type 'u128'"):
        ContextLayout("s", [Field("a", "u128")])
    with pytest.raises(LayoutError, match="is not a C identifier"):
        ContextLayout("s", [Field("2a", "u8")])
    big = ContextLayout("big", [Field("data", "u8", 100)])
    with pytest.raises(
        LayoutError, match="struct big is 100 bytes; plugin contexts hold at most 96"
    ):
        PluginHost(big)


# ---- hosting ------------------------------------------------------------------------------------
@pytest.mark.parametrize("engine", ENGINES)
def test_plugin_runs_and_keeps_state(compile_bpf, engine: str) -> None:
    src = plugin_source(
        """
    __u32 key = ctx->kind;
    __u64 one = 1, *n = bpf_map_lookup_elem(&counters, &key);
    if (n) __sync_fetch_and_add(n, ctx->size); else bpf_map_update_elem(&counters, &key, &one, 0);
    if (ctx->name[0] == 'x' && ctx->ports[1] == 443) return 100 + ctx->delta;
    return ctx->stamp >> 60;
""",
        COUNTERS,
    )
    host = PluginHost(LAYOUT, engine=engine)
    with host.load(compile_bpf(src, "state").read_bytes(), name="t1") as plugin:
        assert plugin.run(kind=1, size=5, stamp=7 << 60) == 7
        assert plugin.run(kind=1, size=5, name=b"xy", ports=[0, 443], delta=-3) == 97
        assert plugin.run(LAYOUT.pack(kind=2, stamp=1 << 61)) == 2
        assert plugin.run() == 0  # a zero context
        assert dict(plugin.maps["counters"].items()) == {1: 6, 2: 1, 0: 1}


def test_helper_not_allowed_names_the_helper_and_line(compile_bpf) -> None:
    src = plugin_source("__u64 id = bpf_get_current_pid_tgid();\n    return id >> 32;")
    obj = compile_bpf(src, "pid").read_bytes()
    host = PluginHost(LAYOUT)
    with pytest.raises(PluginError) as e:
        host.load(obj, name="tenant-9")
    msg = str(e.value)
    assert msg.startswith("tenant-9: insn ") and "\n" not in msg
    assert "calls bpf_get_current_pid_tgid, which this host does not allow" in msg
    assert "bpf_get_current_pid_tgid();" in msg  # the C line
    allowed = PluginHost(LAYOUT, helpers=DEFAULT_HELPERS | {"get_current_pid_tgid"})
    with allowed.load(obj) as plugin:
        assert plugin.run() > 0
    with pytest.raises(PluginError, match="unknown helper 'bpf_no_such'"):
        PluginHost(LAYOUT, helpers={"bpf_no_such"})


def test_unsafe_plugins_are_rejected_with_the_c_line(compile_bpf) -> None:
    host = PluginHost(LAYOUT)
    out_of_bounds = plugin_source("return ((__u8 *)ctx)[ctx->kind];")  # a variable offset
    with pytest.raises(VerifierError) as e:
        host.load(compile_bpf(out_of_bounds, "oob").read_bytes())
    assert "((__u8 *)ctx)[ctx->kind]" in str(e.value) and e.value.insn is not None
    write = plugin_source("ctx->size = 1;\n    return 0;")
    with pytest.raises(VerifierError) as e:
        host.load(compile_bpf(write, "write").read_bytes())
    assert "ctx->size = 1" in str(e.value)


def test_not_a_plugin(compile_bpf) -> None:
    host = PluginHost(LAYOUT)
    with pytest.raises(ObjectError):
        host.load(b"\x7fELF not really")
    xdp = compile_bpf(
        '#include <ebpy/xdp.h>\nSEC("xdp") int x(struct xdp_md *c) { return 2; }\n', "x"
    )
    with pytest.raises(PluginError, match=r"program x \(section 'xdp'\) is a xdp program"):
        host.load(xdp)


LOOP = """
    __u64 acc = 0;
    for (__u32 i = 0; i < 1500; i++)
        acc += i ^ ctx->size;
    return acc & 0xffff;
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_each_run_has_a_budget(compile_bpf, engine: str) -> None:
    obj = compile_bpf(plugin_source(LOOP), "loop").read_bytes()
    with PluginHost(LAYOUT, engine=engine, budget=1000).load(obj) as plugin:
        with pytest.raises(RuntimeFault, match="instruction budget of 1000 exhausted"):
            plugin.run(size=3)
        with pytest.raises(RuntimeFault):  # the next run gets a fresh budget, and needs more
            plugin.run(size=3)
    with PluginHost(LAYOUT, engine=engine, budget=200_000).load(obj) as plugin:
        expected = sum(i ^ 3 for i in range(1500)) & 0xFFFF
        assert plugin.run(size=3) == expected == plugin.run(size=3)


def test_runs_from_many_threads(compile_bpf) -> None:
    src = plugin_source(
        """
    __u32 key = ctx->kind;
    __u64 *n = bpf_map_lookup_elem(&counters, &key);
    if (n) { __sync_fetch_and_add(n, 1); return 1; }
    return 0;
""",
        COUNTERS,
    )
    with PluginHost(LAYOUT).load(compile_bpf(src, "threads")) as plugin:
        for k in range(4):
            plugin.maps["counters"][k] = 0
        seen: list[int] = []

        def work(k: int) -> None:
            seen.extend(plugin.run(kind=k) for _ in range(500))

        threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert seen == [1] * 2000
        assert dict(plugin.maps["counters"].items()) == {0: 500, 1: 500, 2: 500, 3: 500}


def test_failed_load_leaves_nothing_behind(compile_bpf, tmp_path: Path) -> None:
    import gc

    from ebpy.maps import registry

    before = len(registry._maps)
    obj = compile_bpf(plugin_source("ctx->size = 1;\n    return 0;", COUNTERS), "leak")
    for _ in range(3):
        with pytest.raises(VerifierError):
            PluginHost(LAYOUT).load(obj)
    gc.collect()
    assert len(registry._maps) == before


def test_wrong_kinds_of_input_are_refused_in_one_line(compile_bpf) -> None:
    host = PluginHost(LAYOUT, engine="interp")
    with pytest.raises(PluginError, match="not int"):
        host.load(12)  # type: ignore[arg-type]
    with pytest.raises(ObjectError, match="No such file"):
        host.load("/nonexistent/plugin.o")
    with host.load(compile_bpf(plugin_source("return ctx->kind;"), "kind")) as plugin:
        with pytest.raises(LayoutError, match="a context is bytes, not list"):
            plugin.run([1, 2])  # type: ignore[arg-type]
        with pytest.raises(LayoutError, match="struct event is 48 bytes, got 49"):
            plugin.run(bytes(49))
        assert plugin.run(b"\x09") == 9  # a short context: the rest reads as zeros
