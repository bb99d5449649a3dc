"""The kernel engine's loader (ebpy.kernel.load_collection, spec.load(engine="kernel")):
maps with BTF, global data, map-in-map and program-array contents, func/line info, verifier
errors, pinning, fd hygiene, and the same results as ebpy's interpreter on the benchmarks.

Everything here is checked against the running kernel (bpf_*_info, bpftool where installed).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.conftest import BENCH, ROOT, TEST_PROGRAMS, unprivileged_bpf_lock

import ebpy
from ebpy.errors import EbpyError, KernelError, LoadError, MapError, VerifierError
from ebpy.kernel import KernelCollection, probes
from ebpy.kernel.loader import internal_map_name, object_name
from ebpy.kernel.pinning import mismatches
from ebpy.spec import MapSpec, MapType, ProgramType
from ebpy.spec.types import AttachType

pytestmark = pytest.mark.kernel

KERNEL = TEST_PROGRAMS / "kernel"
PKT64 = (BENCH / "pkt64.bin").read_bytes()
PKT1500 = (BENCH / "pkt1500.bin").read_bytes()
NO_CAPS = ("setpriv", "--bounding-set", "-all", "--inh-caps", "-all")


def load(compile_bpf, name: str, source: str | None = None, **options) -> KernelCollection:
    text = source if source is not None else (KERNEL / f"{name}.c").read_text()
    return ebpy.load_spec(compile_bpf(text, name)).load(engine="kernel", **options)


def fd_count() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.fixture
def pin_dir() -> Iterator[str]:
    path = f"/sys/fs/bpf/ebpy-test-{os.getpid()}"
    yield path
    shutil.rmtree(path, ignore_errors=True)


# ---- the benchmark programs: the same answers as the interpreter ----------------------------------
@pytest.mark.parametrize("obj", sorted(p.name for p in BENCH.glob("*.o")))
def test_benchmarks_match_the_interpreter(obj: str) -> None:
    spec = ebpy.load_spec(BENCH / obj)
    name = next(iter(spec.programs))
    with spec.load(engine="interp", verify=False) as user, spec.load(engine="kernel") as kern:
        if "blocked" in spec.maps:  # drop the 1500-byte frame's source in both engines
            saddr = int.from_bytes(PKT1500[26:30], "little")
            user.maps["blocked"][saddr] = 1
            kern.maps["blocked"][saddr] = 1
        for frame in (PKT64, PKT1500, PKT64, PKT64[:20]):
            want = user.programs[name].test_run(frame)
            got = kern.programs[name].test_run(frame)
            assert (got.retval, got.data_out) == (want.retval, want.data_out)
        for mname in spec.maps:
            got_items = _without_clock(dict(kern.maps[mname].items()))
            want_items = _without_clock(dict(user.maps[mname].items()))
            assert got_items == want_items, mname


def _without_clock(items: dict) -> dict:
    """Map contents with bpf_ktime_get_ns() readings (fields named *_ns) blanked and per-CPU
    counters summed: two engines run the same frame at different instants, on different CPUs."""

    def blank(value):
        if isinstance(value, list) and all(isinstance(v, int) for v in value):
            return sum(value)
        if not isinstance(value, dict):
            return value
        return {k: (None if k.endswith("_ns") else v) for k, v in value.items()}

    return {k: blank(v) for k, v in items.items()}


def test_maps_carry_btf_and_programs_their_source(compile_bpf) -> None:
    spec = ebpy.load_spec(BENCH / "xdp_firewall.o")
    with spec.load(engine="kernel") as coll:
        flows = coll.maps["flows"].info()
        assert flows.btf_id and flows.btf_key_type_id and flows.btf_value_type_id
        key_type = spec.btf.type_by_id(flows.btf_key_type_id)
        assert key_type is spec.maps["flows"].key_type  # the ids the kernel got are ours
        info = coll.programs["xdp_firewall"].info()
        assert info.btf_id == flows.btf_id  # one BTF object for the whole collection
        assert info.nr_func_info == 1 and info.nr_line_info > 10
        assert info.name == "xdp_firewall"
        if shutil.which("bpftool"):
            coll.programs["xdp_firewall"].test_run(PKT64)
            out = subprocess.run(
                ["bpftool", "map", "dump", "id", str(flows.id), "-j"],
                capture_output=True,
                text=True,
                check=True,
            )
            (entry,) = json.loads(out.stdout)
            assert entry["formatted"]["key"]["proto"] == 6  # bpftool decodes through our BTF
            assert entry["formatted"]["value"] == 1


def test_global_data(compile_bpf) -> None:
    spec = ebpy.load_spec(compile_bpf((TEST_PROGRAMS / "elf_globals.c").read_text(), "elf_globals"))
    spec.constants["min_ttl"] = 5
    with spec.load(engine="kernel") as coll:
        # 5 + (-5) + 80 + 12 - 1 + 'e': constants applied before load, .data initialised.
        assert coll.programs["globals"].test_run(bytes(64)).retval == 5 - 5 + 80 + 11 + ord("e")
        rodata = coll.maps[".rodata"]
        assert rodata[0]["min_ttl"] == 5 and rodata[0]["banner"] == "ebpy"
        with pytest.raises(MapError) as info:  # frozen: read-only for user space
            rodata[0] = bytes(rodata.value_size)
        assert info.value.errno == errno.EPERM
        assert rodata.info().map_flags & 0x80  # BPF_F_RDONLY_PROG
        variables = coll.variables
        assert variables["packets"] == 8 and variables["counters"] == [1, 202, 3, 4]
        assert variables["scratch"][3] == 80
        # .data and .bss through the mmap: the program sees writes, Python sees the program's.
        data = coll.maps[".data"].memory()
        data[0:8] = (100).to_bytes(8, "little")
        coll.programs["globals"].test_run(bytes(64))
        assert int.from_bytes(data[0:8], "little") == 101
        assert coll.maps[".data"][0]["packets"] == 101  # and through the map API
        variables["drops"] = 40
        coll.programs["globals"].test_run(bytes(64))
        assert coll.maps[".bss"][0]["drops"] == 41
        with pytest.raises(LoadError, match="constant"):
            variables["min_ttl"] = 1
        assert bytes(coll.maps[".rodata"].memory()[:4]) == (5).to_bytes(4, "little")
        del data


def test_kernel_names_follow_libbpf(compile_bpf) -> None:
    assert object_name("/x/xdp_firewall.bpf.o") == "xdp_firewall"
    assert internal_map_name("xdp_firewall", ".rodata") == "xdp_fire.rodata"
    assert internal_map_name("xdp_firewall", ".bss") == "xdp_fire.bss"
    assert internal_map_name("a", ".data") == "a.data"
    assert internal_map_name("prog", ".rodata.limits") == ".rodata.limits"
    assert internal_map_name("prog", ".data.a_very_long_name") == ".data.a_very_lo"
    assert internal_map_name("my-prog", ".data") == "my_prog.data"
    obj = compile_bpf((KERNEL / "connect4.c").read_text(), "connect4")
    with ebpy.load_spec(obj).load(engine="kernel") as coll:
        ours = sorted(m.info().name for m in coll.maps.values())
    if shutil.which("bpftool") is None:
        assert ours == ["connect4.bss", "connect4.rodata"]
        return
    folder = f"/sys/fs/bpf/ebpy-libbpf-{os.getpid()}"
    try:
        subprocess.run(
            ["bpftool", "prog", "loadall", str(obj), folder], check=True, capture_output=True
        )
        show = subprocess.run(
            ["bpftool", "prog", "show", "pinned", f"{folder}/lb_connect4", "-j"],
            check=True,
            capture_output=True,
            text=True,
        )
        names = []
        for map_id in json.loads(show.stdout)["map_ids"]:
            out = subprocess.run(
                ["bpftool", "map", "show", "id", str(map_id), "-j"],
                check=True,
                capture_output=True,
                text=True,
            )
            names.append(json.loads(out.stdout)["name"])
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    assert ours == sorted(names)


def test_every_map_type_and_initial_contents(compile_bpf, pin_dir: str) -> None:
    spec = ebpy.load_spec(compile_bpf((TEST_PROGRAMS / "elf_maps.c").read_text(), "elf_maps"))
    with spec.load(engine="kernel", pin_path=pin_dir) as coll:
        assert set(coll.maps) == set(spec.maps)
        for name, m in coll.maps.items():
            info = m.info()
            want = spec.maps[name]
            assert info.type == want.type and info.key_size == want.key_size, name
            if want.max_entries:  # 0: sized by the kernel (storage) or to the CPUs (perf)
                assert info.max_entries == want.max_entries, name
        # Program array slots hold the programs (the kernel answers with their ids) ...
        ids = {n: p.info().id for n, p in coll.programs.items()}
        assert dict(coll.maps["m_jump"].items()) == {1: ids["tail_one"], 3: ids["tail_two"]}
        # ... so the tail call runs tail_one (XDP_PASS).
        assert coll.programs["use_maps"].test_run(PKT64).retval == 2
        del coll.maps["m_jump"][1]
        assert coll.programs["use_maps"].test_run(PKT64).retval == 0  # no slot: falls through
        # Map-in-map slots hold the inner maps.
        inner = {n: coll.maps[n].info().id for n in ("m_inner_a", "m_inner_b")}
        assert dict(coll.maps["m_outer_array"].items()) == {
            0: inner["m_inner_b"],
            2: inner["m_inner_a"],
        }
        assert coll.pinned == {"m_pinned": f"{pin_dir}/m_pinned"}
        # Per-CPU values and batches over the kernel's maps, as on the other engines.
        pcpu = coll.maps["m_pcpu_array"]
        pcpu[1] = list(range(pcpu.ncpu))
        assert pcpu[1] == list(range(pcpu.ncpu)) and pcpu.sum(1) == sum(range(pcpu.ncpu))
        lru = coll.maps["m_lru"]
        assert lru.update_batch({i: i * 10 for i in range(5)}) == 5
        assert sorted(kv for batch in lru.batches(2) for kv in batch) == [
            (i, i * 10) for i in range(5)
        ]
    # Maps pinned by name outlive the collection.
    assert os.path.exists(f"{pin_dir}/m_pinned")


def test_perf_event_array_is_sized_to_the_cpus(compile_bpf) -> None:
    from ebpy.maps import possible_cpus

    with load(compile_bpf, "events") as coll:
        assert coll.maps["perf_events"].max_entries == possible_cpus()
        assert coll.maps["perf_events"].info().max_entries == possible_cpus()


def test_verifier_rejection_names_insn_and_line(compile_bpf) -> None:
    source = textwrap.dedent(
        """\
        #include "bpf_helpers.h"
        SEC("xdp") int oob(struct xdp_md *ctx)
        {
            unsigned char *data = (void *)(long)ctx->data;
            return data[40];
        }
        char _license[] SEC("license") = "GPL";
        """
    )
    spec = ebpy.load_spec(compile_bpf(source, "oob"))
    before = fd_count()
    with pytest.raises(VerifierError) as info:
        spec.load(engine="kernel")
    err = info.value
    assert "invalid access to packet" in err.message
    assert err.insn is not None and err.program == "oob"
    assert err.source is not None and "data[40]" in err.source
    assert isinstance(err.__cause__, KernelError) and err.__cause__.errno == errno.EACCES
    assert "processed" in err.log or "invalid access" in err.log
    assert fd_count() == before  # nothing half-created


def test_failed_load_closes_everything_and_removes_new_pins(compile_bpf, pin_dir: str) -> None:
    source = (KERNEL / "pinned.c").read_text() + textwrap.dedent(
        """
        SEC("xdp") int broken(struct xdp_md *ctx)
        {
            return *(int *)(long)ctx->data; /* no bounds check */
        }
        """
    )
    spec = ebpy.load_spec(compile_bpf(source, "pinned_broken"))
    before = fd_count()
    with pytest.raises(VerifierError):
        spec.load(engine="kernel", pin_path=pin_dir)
    assert fd_count() == before
    assert not os.path.exists(f"{pin_dir}/shared_counts")


def test_pinned_maps_are_reused_and_checked(compile_bpf, pin_dir: str) -> None:
    obj = compile_bpf((KERNEL / "pinned.c").read_text(), "pinned")
    spec = ebpy.load_spec(obj)
    with spec.load(engine="kernel", pin_path=pin_dir) as first:
        first.programs["bump"].test_run(PKT64, repeat=3)
        assert first.maps["shared_counts"][1] == 3
        assert first.pinned == {"shared_counts": f"{pin_dir}/shared_counts"}
    with spec.load(engine="kernel", pin_path=pin_dir) as second:
        second.programs["bump"].test_run(PKT64)
        assert second.maps["shared_counts"][1] == 4  # the same map: the count goes on
    # A different shape under the same name is refused, naming what differs.
    other = ebpy.load_spec(
        compile_bpf((KERNEL / "pinned.c").read_text(), "pinned32", ("-DMAX_ENTRIES=32",))
    )
    before = fd_count()
    with pytest.raises(LoadError, match=r"max_entries 16 \(spec: 32\)"):
        other.load(engine="kernel", pin_path=pin_dir)
    assert fd_count() == before
    assert os.path.exists(f"{pin_dir}/shared_counts")  # someone else's pin stays


def test_mismatch_lists_every_field() -> None:
    from ebpy.kernel.info import MapInfo

    info = MapInfo(MapType.HASH, 1, "m", 4, 8, 16, 0, 0, 0, 0, 0, 0, 0)
    spec = MapSpec("m", MapType.LRU_HASH, 4, 16, 16, flags=1)
    assert mismatches(info, spec) == [
        "type HASH (spec: LRU_HASH)",
        "value_size 8 (spec: 16)",
        "map_flags 0x0 (spec: 0x1)",
    ]


def test_bpffs_is_mounted_on_an_empty_folder(tmp_path: Path) -> None:
    """In a private mount namespace, a folder that is not bpffs gets one mounted."""
    if shutil.which("unshare") is None:
        pytest.skip("unshare(1) not installed")
    folder = tmp_path / "bpffs"
    code = textwrap.dedent(
        f"""\
        from ebpy.kernel.mounts import is_bpffs
        from ebpy.kernel.pinning import ensure_bpffs
        assert not is_bpffs({str(folder)!r})
        path = ensure_bpffs({str(folder)!r})
        assert is_bpffs(path)
        print("mounted")
        """
    )
    out = subprocess.run(
        ["unshare", "--mount", "--propagation", "private", sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "mounted"
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "file").write_text("x")
    from ebpy.kernel.pinning import ensure_bpffs

    with pytest.raises(LoadError, match="not on a BPF filesystem and is not empty"):
        ensure_bpffs(str(tmp_path / "full"))


def test_load_and_close_a_thousand_times_keeps_the_fd_count(compile_bpf) -> None:
    spec = ebpy.load_spec(compile_bpf((TEST_PROGRAMS / "elf_globals.c").read_text(), "elf_globals"))
    with spec.load(engine="kernel") as warm:  # caches (vmlinux, probes) outside the count
        warm.maps[".data"].memory()
    before = fd_count()
    for _ in range(1000):
        coll = spec.load(engine="kernel")
        coll.close()
    assert fd_count() == before


def test_readers_and_memory_maps_are_closed_with_the_collection(compile_bpf) -> None:
    before = fd_count()
    coll = load(compile_bpf, "events")
    coll.ring_buffer("events")
    coll.perf_buffer("perf_events", pages=1)
    view = coll.maps[".bss"].memory()
    assert fd_count() > before
    del view
    coll.close()
    assert fd_count() == before
    coll.close()  # twice is fine


def test_programs_subset_and_options(compile_bpf) -> None:
    obj = compile_bpf((KERNEL / "net_hooks.c").read_text(), "net_hooks")
    spec = ebpy.load_spec(obj)
    with spec.load(engine="kernel", programs=["count_socket"]) as coll:
        assert list(coll.programs) == ["count_socket"]
        assert set(coll.maps) == set(spec.maps)
    with spec.load(engine="kernel", programs=["tc/ingress"], log_level=1, verify=True) as coll:
        prog = coll.programs["tc_count"]
        assert "processed" in prog.log  # the verifier log was kept
    with pytest.raises(LoadError, match="unknown option"):
        spec.load(engine="kernel", colour="blue")
    with pytest.raises(EbpyError, match="no program 'nope'"):
        spec.load(engine="kernel", programs=["nope"])


def test_program_and_map_type_probes_explain_refusals(compile_bpf, monkeypatch) -> None:
    """When the kernel refuses a map or program, the cached probes say whether it lacks the
    type: pretend it does and check the message (this kernel has every type)."""
    probes.map_type_supported(MapType.RINGBUF)
    hits = probes.map_type_supported.cache_info().hits
    assert probes.map_type_supported(MapType.RINGBUF)  # asked once per process, then cached
    assert probes.map_type_supported.cache_info().hits == hits + 1
    spec = ebpy.load_spec(compile_bpf((KERNEL / "events.c").read_text(), "events"))
    spec.maps["events"].max_entries = 1000  # not a power of 2: EINVAL
    monkeypatch.setattr(probes, "map_type_supported", lambda t: t != MapType.RINGBUF)
    with pytest.raises(LoadError, match="this kernel has no RINGBUF maps"):
        spec.load(engine="kernel")
    spec = ebpy.load_spec(compile_bpf((KERNEL / "connect4.c").read_text(), "connect4"))
    # sock_addr programs must name their hook; an skb hook is refused before the verifier.
    spec.programs["lb_connect4"].attach_type = AttachType.CGROUP_INET_INGRESS
    monkeypatch.setattr(
        probes, "program_type_supported", lambda t: t != ProgramType.CGROUP_SOCK_ADDR
    )
    with pytest.raises(LoadError, match="cannot load CGROUP_SOCK_ADDR programs"):
        spec.load(engine="kernel")


def test_without_btf_and_without_privileges() -> None:
    spec = ebpy.load_spec(BENCH / "xdp_firewall.o")
    with spec.load(engine="kernel", btf=False) as coll:
        assert coll.btf_fd is None and coll.maps["flows"].info().btf_id == 0
        assert coll.programs["xdp_firewall"].test_run(PKT64).retval == 2
    # Without capabilities the kernel says EPERM, and the hint names the missing ones.
    if shutil.which("setpriv") is None:
        pytest.skip("setpriv(1) not installed")
    firewall = str(BENCH / "xdp_firewall.o")
    with unprivileged_bpf_lock(exclusive=False):
        out = subprocess.run(
            [*NO_CAPS, sys.executable, "-m", "ebpy", "run", firewall, "--engine", "kernel"],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "Traceback" not in out.stderr
    assert "EPERM" in out.stderr and "CAP_BPF" in out.stderr


# ---- ebpy run --engine kernel ------------------------------------------------------------------------
def ebpy_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ebpy", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_ebpy_run_on_the_kernel_with_maps() -> None:
    firewall = str(BENCH / "xdp_firewall.o")
    out = ebpy_cli(
        "run",
        firewall,
        "--engine",
        "kernel",
        "--data-in",
        str(BENCH / "pkt64.bin"),
        "--repeat",
        "5",
        "--json",
        "--maps",
    )
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["engine"] == "kernel" and result["retval"] == 2 and result["repeat"] == 5
    maps = {m["name"]: m for m in result["maps"]}
    assert {e["key"]: e["value"] for e in maps["verdicts"]["entries"]}[2] == 5
    (flow,) = maps["flows"]["entries"]
    assert flow["key"]["proto"] == 6 and flow["value"] == 5
    human = ebpy_cli("run", firewall, "--engine", "kernel", "--data-in", str(BENCH / "pkt64.bin"))
    assert human.returncode == 0 and "retval 2" in human.stdout


def test_ebpy_run_kernel_rejection_is_one_line(compile_bpf) -> None:
    source = '#include "bpf_helpers.h"\nSEC("xdp") int bad(struct xdp_md *c) { return *(int *)(long)c->data; }\n'
    obj = compile_bpf(source, "bad_access")
    out = ebpy_cli("run", str(obj), "--engine", "kernel", "--data-in", str(BENCH / "pkt64.bin"))
    assert out.returncode == 1
    assert out.stderr.count("\n") == 1 and "invalid access to packet" in out.stderr
