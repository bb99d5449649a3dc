"""Device maps (DEVMAP, DEVMAP_HASH), which XDP_REDIRECT goes through: the native maps
answer every operation with the kernel's result, and a program's bpf_redirect_map follows
them."""

from __future__ import annotations

import errno
from collections.abc import Callable
from typing import Any

import pytest

import ebpy
from ebpy.errors import MapError
from ebpy.hooks.packets import frames as F
from ebpy.maps import create_map
from ebpy.runtime.xdp_frames import XdpFrameRunner
from ebpy.spec import MapSpec, MapType

DEVICE_MAPS = [MapType.DEVMAP, MapType.DEVMAP_HASH]
NO_DEVICE = 999_999  # an ifindex no namespace here has


def outcome(op: Callable[[], Any]) -> Any:
    try:
        return ("ok", op())
    except MapError as e:
        return ("errno", e.errno)


def script(m: Any) -> list[Any]:
    """Every kind of operation, in an order that visits the corner cases."""
    return [
        outcome(lambda: m.lookup(0)),
        outcome(lambda: m.next_key(None)),
        outcome(lambda: m.update(0, 1, 0)),
        outcome(lambda: m.update(1, NO_DEVICE, 0)),
        outcome(lambda: m.update(1, 0, 0)),  # ifindex 0: empties an array slot
        outcome(lambda: m.update(0, 1, 1)),  # BPF_NOEXIST on a present key
        outcome(lambda: m.update(2, 1, 1)),  # ... and on an absent one
        outcome(lambda: m.update(3, 1, 2)),  # BPF_EXIST on an absent key
        outcome(lambda: m.update(5, 1, 0)),  # past max_entries
        outcome(lambda: m.update(6, NO_DEVICE, 1)),
        outcome(lambda: m.update(0, 1, 4)),  # BPF_F_LOCK
        outcome(lambda: m.update(0, 1, 8)),  # unknown flag
        outcome(lambda: m.lookup(0)),
        outcome(lambda: m.lookup(1)),
        outcome(lambda: sorted(m.items())),
        outcome(lambda: m.next_key(None)),
        outcome(lambda: m.next_key(0)),
        outcome(lambda: m.next_key(3)),
        outcome(lambda: m.next_key(7)),
        outcome(lambda: m.delete(1)),
        outcome(lambda: m.delete(0)),
        outcome(lambda: m.delete(0)),
        outcome(lambda: m.delete(9)),
        outcome(lambda: m.lookup(0)),
        outcome(lambda: sorted(m.items())),
        outcome(lambda: [m.update(k, 1, 0) for k in (7, 8, 9, 10)]),  # fills the hash
        outcome(lambda: sorted(m.keys())),
    ]


@pytest.mark.parametrize("mtype", DEVICE_MAPS)
@pytest.mark.parametrize("value_size", [4, 8])
def test_device_maps_in_userspace(mtype: MapType, value_size: int) -> None:
    m = create_map(MapSpec("ports", mtype, 4, value_size, 4))
    got = script(m)
    E = errno
    if mtype == MapType.DEVMAP:
        assert got[2:12] == [("ok", None), ("errno", E.EINVAL), ("ok", None), ("errno", E.EEXIST),
                             ("errno", E.EEXIST), ("ok", None), ("errno", E.E2BIG),
                             ("errno", E.E2BIG), ("errno", E.EINVAL), ("errno", E.EINVAL)]  # fmt: skip
        assert got[22] == ("errno", E.EINVAL)  # delete past the end
    else:
        assert got[2:12] == [("ok", None), ("errno", E.EINVAL), ("errno", E.EINVAL),
                             ("errno", E.EEXIST), ("ok", None), ("ok", None), ("ok", None),
                             ("errno", E.EINVAL), ("errno", E.EINVAL), ("errno", E.EINVAL)]  # fmt: skip
        assert got[-2] == ("errno", E.E2BIG)  # full after two of the four


@pytest.mark.kernel
@pytest.mark.parametrize("mtype", DEVICE_MAPS)
@pytest.mark.parametrize("value_size", [4, 8])
def test_device_maps_answer_as_the_kernel(mtype: MapType, value_size: int) -> None:
    from ebpy.kernel import create_map_from_spec

    spec = MapSpec("ports", mtype, 4, value_size, 4)
    with create_map_from_spec(spec) as kernel:
        theirs = script(kernel)
    ours = script(create_map(spec))
    assert ours == theirs


@pytest.mark.kernel
@pytest.mark.parametrize(
    "spec",
    [
        MapSpec("k8", MapType.DEVMAP, 8, 4, 4),
        MapSpec("v12", MapType.DEVMAP_HASH, 4, 12, 4),
        MapSpec("v2", MapType.DEVMAP, 4, 2, 4),
        MapSpec("empty", MapType.DEVMAP_HASH, 4, 4, 0),
        MapSpec("flags", MapType.DEVMAP, 4, 4, 4, flags=1),  # BPF_F_NO_PREALLOC
    ],
)
def test_bad_device_maps_are_refused_as_by_the_kernel(spec: MapSpec) -> None:
    from ebpy.errors import KernelError
    from ebpy.kernel import create_map_from_spec

    with pytest.raises(KernelError) as k:
        create_map_from_spec(spec)
    with pytest.raises(MapError) as u:
        create_map(spec)
    assert u.value.errno == k.value.errno


REDIRECT_BY_KEY = r"""
#include <ebpy/xdp.h>
struct { __uint(type, BPF_MAP_TYPE_DEVMAP_HASH); __uint(max_entries, 8);
         __type(key, __u32); __type(value, __u32); } ports SEC(".maps");
SEC("xdp") int by_key(struct xdp_md *ctx) {
    void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
    if (data + 15 > end) return XDP_DROP;
    /* the first payload byte names the devmap key; the low flag bits are the fallback */
    return bpf_redirect_map(&ports, ((unsigned char *)data)[14], XDP_DROP);
}
char _license[] SEC("license") = "GPL";
"""


@pytest.mark.parametrize("engine", ["interp", "jit"])
def test_redirect_map_follows_the_device_map(compile_bpf, engine: str) -> None:
    coll = ebpy.load_spec(compile_bpf(REDIRECT_BY_KEY, "by_key")).load(engine=engine)
    coll.maps["ports"][5] = 1
    runner = XdpFrameRunner(coll.programs["by_key"])
    assert runner.run(F.ethernet(0x88B5, b"\x05")) == 4
    assert runner.redirect is not None and runner.redirect.ifindex == 1
    assert runner.run(F.ethernet(0x88B5, b"\x06")) == 1  # no entry: the fallback verdict
    assert runner.redirect is None
    del coll.maps["ports"][5]
    assert runner.run(F.ethernet(0x88B5, b"\x05")) == 1
