"""Feature probes (ebpy.kernel.probes) against the kernel, and against bpftool where installed."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from ebpy.kernel import probes
from ebpy.spec.helper_ids import HELPER_NAMES
from ebpy.spec.types import MapType, ProgramType

pytestmark = pytest.mark.kernel

MAP_LOOKUP_ELEM, TRACE_PRINTK, SKB_STORE_BYTES, XDP_ADJUST_HEAD = 1, 6, 9, 44


def test_common_program_types_are_present() -> None:
    for ptype in (
        ProgramType.XDP,
        ProgramType.SOCKET_FILTER,
        ProgramType.SCHED_CLS,
        ProgramType.TRACEPOINT,
        ProgramType.RAW_TRACEPOINT,
        ProgramType.CGROUP_SKB,
        ProgramType.CGROUP_SOCK_ADDR,  # needs an expected attach type to load
        ProgramType.SK_LOOKUP,
        ProgramType.SYSCALL,  # needs the sleepable flag to load
        ProgramType.STRUCT_OPS,  # known by its refusal of a bogus target
    ):
        assert probes.program_type_supported(ptype), ptype
    assert not probes.program_type_supported(ProgramType.UNSPEC)


def test_common_map_types_are_present() -> None:
    for mtype in (
        MapType.HASH,
        MapType.ARRAY,
        MapType.PERCPU_ARRAY,
        MapType.LRU_HASH,
        MapType.LPM_TRIE,
        MapType.RINGBUF,
        MapType.QUEUE,
        MapType.BLOOM_FILTER,
        MapType.HASH_OF_MAPS,  # needs an inner map
        MapType.SK_STORAGE,  # needs BTF with a spin lock
        MapType.STRUCT_OPS,
    ):
        assert probes.map_type_supported(mtype), mtype
    assert not probes.map_type_supported(MapType.UNSPEC)


def test_helper_availability_depends_on_program_type() -> None:
    assert probes.helper_supported(ProgramType.XDP, MAP_LOOKUP_ELEM)
    assert probes.helper_supported(ProgramType.XDP, TRACE_PRINTK)
    assert probes.helper_supported(ProgramType.XDP, XDP_ADJUST_HEAD)
    assert not probes.helper_supported(ProgramType.SOCKET_FILTER, XDP_ADJUST_HEAD)
    assert probes.helper_supported(ProgramType.SCHED_CLS, SKB_STORE_BYTES)
    assert not probes.helper_supported(ProgramType.XDP, SKB_STORE_BYTES)
    assert not probes.helper_supported(ProgramType.XDP, 99_999)
    helpers = probes.supported_helpers(ProgramType.XDP)
    assert MAP_LOOKUP_ELEM in helpers and XDP_ADJUST_HEAD in helpers
    assert set(helpers) <= set(HELPER_NAMES)


def test_probes_are_cached() -> None:
    probes.clear_cache()
    probes.map_type_supported(MapType.HASH)
    probes.map_type_supported(MapType.HASH)
    assert probes.map_type_supported.cache_info().hits == 1


def test_probe_all_covers_every_type() -> None:
    features = probes.probe_all()
    assert set(features.program_types) == set(ProgramType) - {ProgramType.UNSPEC}
    assert set(features.map_types) == set(MapType) - {MapType.UNSPEC}
    assert features.program_types[ProgramType.XDP]
    for name in features.missing:
        assert name.startswith(("program type ", "map type "))


@pytest.fixture(scope="module")
def bpftool_features() -> dict:
    path = shutil.which("bpftool")
    if path is None:
        pytest.skip("bpftool is not installed")
    proc = subprocess.run(
        [path, "feature", "probe", "kernel", "-j"], capture_output=True, text=True
    )
    if proc.returncode != 0:
        pytest.skip(f"bpftool feature probe failed: {proc.stderr.strip()}")
    return json.loads(proc.stdout)


def test_program_and_map_types_agree_with_bpftool(bpftool_features: dict) -> None:
    # Only types: bpftool builds before libbpf 1.2 miss the verifier's "program of this type
    # cannot use helper" wording and over-report helpers, so they are no oracle for those.
    for ptype in ProgramType:
        key = f"have_{ptype.name.lower()}_prog_type"
        if key in bpftool_features["program_types"]:
            assert probes.program_type_supported(ptype) == bpftool_features["program_types"][key], (
                ptype
            )
    for mtype in MapType:
        key = f"have_{mtype.name.lower()}_map_type"
        if key in bpftool_features["map_types"]:
            assert probes.map_type_supported(mtype) == bpftool_features["map_types"][key], mtype
