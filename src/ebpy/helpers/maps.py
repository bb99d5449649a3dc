"""Map helpers, tail calls and ring buffers: program memory in, native map operations out.

The map operations themselves are ebpy.maps' native code (the same functions the JIT calls
directly); these wrappers only move keys and values between program memory and the map.
"""

from __future__ import annotations

import ctypes
import errno
from collections.abc import Callable
from typing import Any

from ebpy.helpers.env import RegionKind, TailCall
from ebpy.helpers.registry import Reader, bound_helper, helper
from ebpy.maps.native import fastcall
from ebpy.spec.types import MapType

BPF_F_CURRENT_CPU = 0xFFFFFFFF
XDP_ACTIONS_MASK = 0x3  # redirect_map: low bits of flags are the action when the key is missing


def _key(env: Any, m: Any, address: int) -> bytes:
    return env.read(address, m.key_size)


class _MapCalls:
    """What the hot map helpers need of one map, looked up once per map and environment
    instead of through the Map object on every call: its address, sizes, the native
    functions, and the program addresses of the values lookups returned (by pointer)."""

    __slots__ = (
        "address",
        "delete",
        "key_size",
        "lookup",
        "map",
        "of_maps",
        "update",
        "value_size",
        "values",
    )

    def __init__(self, m: Any, functions: tuple[Callable[..., int], ...]) -> None:
        self.map = m
        self.address = m.address
        self.key_size = m.key_size
        self.value_size = m.value_size
        self.lookup, self.update, self.delete = functions
        self.of_maps = m.type in (MapType.ARRAY_OF_MAPS, MapType.HASH_OF_MAPS)
        self.values: dict[int, int] = {}


def _map_calls(env: Any) -> Callable[[int], _MapCalls]:
    """`calls(map_addr)`: the map's _MapCalls (made on first use), or the fault env.map_at
    raises for an address that names no map of this environment."""
    cache: dict[int, _MapCalls] = {}
    # Builtins, not ctypes: a tenth of the cost of the call (ebpy.maps.native.fastcall). Got
    # here, when the helpers are bound at load, so that building them (once per process) is
    # not inside the first run's time.
    functions = tuple(
        fastcall.function(name)
        for name in ("ebpy_map_lookup", "ebpy_map_update", "ebpy_map_delete")
    )

    def calls(map_addr: int) -> _MapCalls:
        c = cache.get(map_addr)
        if c is None:
            c = cache[map_addr] = _MapCalls(env.map_at(map_addr), functions)
        return c

    return calls


@bound_helper("bpf_map_lookup_elem")
def map_lookup_elem(env: Any, read: Reader) -> Callable[..., int]:
    calls = _map_calls(env)
    space = env.space

    def lookup(map_addr: int, key: int, *_: int) -> int:
        c = calls(map_addr)
        m = c.map
        if m._refs <= 0:  # its memory is gone (Map.lookup_ptr's check)
            m._check_alive()
        ptr = c.lookup(c.address, read(key, c.key_size), env.cpu)
        if not ptr:
            return 0
        address = c.values.get(ptr)
        if address is None:
            if c.of_maps:
                from ebpy.maps import map_at

                return int(space.map_handle(map_at(ptr)))
            kind = RegionKind.MAP_VALUE
            address = c.values[ptr] = int(space.native_region(ptr, c.value_size, m.name, kind))
        return address

    return lookup


@bound_helper("bpf_map_update_elem")
def map_update_elem(env: Any, read: Reader) -> Callable[..., int]:
    calls = _map_calls(env)

    def update(map_addr: int, key: int, value: int, flags: int, *_: int) -> int:
        c = calls(map_addr)
        k = read(key, c.key_size)
        return c.update(c.address, k, read(value, c.value_size), flags, env.cpu)

    return update


@bound_helper("bpf_map_delete_elem")
def map_delete_elem(env: Any, read: Reader) -> Callable[..., int]:
    calls = _map_calls(env)

    def delete(map_addr: int, key: int, *_: int) -> int:
        c = calls(map_addr)
        return c.delete(c.address, read(key, c.key_size))

    return delete


@helper("bpf_map_push_elem")
def map_push_elem(env: Any, map_addr: int, value: int, flags: int, *_: int) -> int:
    m = env.map_at(map_addr)
    return int(m.lib.ebpy_map_push(m.address, env.read(value, m.value_size), flags))


def _pop_or_peek(env: Any, map_addr: int, value: int, pop: bool) -> int:
    m = env.map_at(map_addr)
    out = ctypes.create_string_buffer(max(m.value_size, 1))
    fn = m.lib.ebpy_map_pop if pop else m.lib.ebpy_map_peek
    ret = int(fn(m.address, out))
    env.write(value, out.raw[: m.value_size] if ret == 0 else bytes(m.value_size))
    return ret


@helper("bpf_map_pop_elem")
def map_pop_elem(env: Any, map_addr: int, value: int, *_: int) -> int:
    return _pop_or_peek(env, map_addr, value, pop=True)


@helper("bpf_map_peek_elem")
def map_peek_elem(env: Any, map_addr: int, value: int, *_: int) -> int:
    m = env.map_at(map_addr)
    if m.type == MapType.BLOOM_FILTER:  # peek tests membership of the value
        return int(m.lib.ebpy_map_peek(m.address, env.read(value, m.value_size)))
    return _pop_or_peek(env, map_addr, value, pop=False)


# The kernel's MAX_TAIL_CALL_CNT: past it a tail call fails and the program goes on.
MAX_TAIL_CALLS = 33


@helper("bpf_tail_call")
def tail_call(env: Any, ctx: int, map_addr: int, index: int, *_: int) -> int:
    m = env.map_at(map_addr)
    index &= 0xFFFFFFFF
    if index >= m.max_entries or env.state.tail_calls >= MAX_TAIL_CALLS:
        return -errno.ENOENT
    handle = int(m.lib.ebpy_prog_array_get(m.address, index))
    target = env.programs.get(handle)
    if target is None:
        return -errno.ENOENT
    raise TailCall(target, ctx)


@helper("bpf_for_each_map_elem")
def for_each_map_elem(
    env: Any, map_addr: int, callback: int, cb_ctx: int, flags: int, *_: int
) -> int:
    if flags:
        return -errno.EINVAL
    m = env.map_at(map_addr)
    space = env.space
    count = 0
    key_buf = bytearray(max(m.key_size, 1))
    key_addr = space.scratch_region(key_buf, "for_each key")
    for raw_key in list(m._raw_keys()):
        ptr = m.lookup_ptr(raw_key, env.cpu)
        if not ptr:
            continue  # deleted by an earlier callback
        key_buf[: len(raw_key)] = raw_key
        value_addr = space.native_region(ptr, m.value_size, m.name, RegionKind.MAP_VALUE)
        count += 1
        stop = env.call_function(callback, map_addr, key_addr, value_addr, cb_ctx)
        if stop & 0xFFFFFFFFFFFFFFFF:
            break
    space.unmap(key_addr >> 24)
    return count


@helper("bpf_redirect_map")
def redirect_map(env: Any, map_addr: int, key: int, flags: int, *_: int) -> int:
    from ebpy.helpers.env import Redirect

    m = env.map_at(map_addr)
    k = key & 0xFFFFFFFF
    ptr = m.lookup_ptr(k.to_bytes(max(m.key_size, 4), "little")[: m.key_size], env.cpu)
    if not ptr:
        return flags & XDP_ACTIONS_MASK
    target = int.from_bytes(ctypes.string_at(ptr, 4), "little")
    env.redirect = Redirect(target, flags, m, k)
    return 4  # XDP_REDIRECT


# ---- ring buffers -------------------------------------------------------------------------------
@helper("bpf_ringbuf_output")
def ringbuf_output(env: Any, map_addr: int, data: int, size: int, flags: int, *_: int) -> int:
    m = env.map_at(map_addr)
    payload = env.read(data, size)
    return int(m.lib.ebpy_ringbuf_output(m.address, payload, size, flags))


@helper("bpf_ringbuf_reserve")
def ringbuf_reserve(env: Any, map_addr: int, size: int, flags: int, *_: int) -> int:
    m = env.map_at(map_addr)
    ptr = int(m.lib.ebpy_ringbuf_reserve(m.address, size, flags) or 0)
    if not ptr:
        return 0
    return int(env.space.native_region(ptr, size, m.name, RegionKind.RINGBUF_RECORD))


@helper("bpf_ringbuf_submit")
def ringbuf_submit(env: Any, data: int, flags: int, *_: int) -> int:
    from ebpy.maps.native import get_lib

    get_lib().ebpy_ringbuf_submit(env.space.native_pointer(data), flags)
    return 0


@helper("bpf_ringbuf_discard")
def ringbuf_discard(env: Any, data: int, flags: int, *_: int) -> int:
    from ebpy.maps.native import get_lib

    get_lib().ebpy_ringbuf_discard(env.space.native_pointer(data), flags)
    return 0


@helper("bpf_ringbuf_query")
def ringbuf_query(env: Any, map_addr: int, flags: int, *_: int) -> int:
    m = env.map_at(map_addr)
    return int(m.lib.ebpy_ringbuf_query(m.address, flags))
