"""Pinning on a BPF filesystem: the folder (mounted when missing), pinned maps reused when they
match their MapSpec (libbpf's map_is_reuse_compat), and names for pinned objects."""

from __future__ import annotations

import errno
import os

from ebpy.errors import KernelError, LoadError
from ebpy.kernel.commands import obj_get
from ebpy.kernel.fd import Fd
from ebpy.kernel.info import MapInfo, map_info
from ebpy.kernel.mounts import is_bpffs, mount
from ebpy.spec.map_spec import MapSpec
from ebpy.spec.types import MapFlags

DEFAULT_PIN_ROOT = "/sys/fs/bpf"

# Flags that say how a map was opened or created, not what it is: they may differ between the
# pinned map and the spec (libbpf compares map_flags exactly; the kernel reports these back
# as given, so only the creation-only ones are skipped).
_IGNORED_FLAGS = int(MapFlags.NUMA_NODE)


def ensure_bpffs(folder: str) -> str:
    """`folder` on a BPF filesystem, created if needed. When it is not on bpffs and is empty
    (like /sys/fs/bpf on a system that never mounted it), bpffs is mounted there."""
    path = os.path.abspath(folder)
    try:
        os.makedirs(path, exist_ok=True)
    except OSError as e:
        raise LoadError(f"pin folder {path}: cannot create it: {e.strerror}") from None
    if is_bpffs(path):
        return path
    if not os.path.isdir(path):
        raise LoadError(f"pin folder {path} is not a directory")
    if os.listdir(path):
        raise LoadError(
            f"pin folder {path} is not on a BPF filesystem and is not empty "
            f"(mount -t bpf bpf {path}, or choose a folder under {DEFAULT_PIN_ROOT})"
        )
    mount("bpf", path, "bpf", what=f"mounting a BPF filesystem at {path}")
    return path


def pin_path(folder: str, name: str) -> str:
    """Where a map called `name` is pinned in `folder` (libbpf: <folder>/<name>)."""
    if not name or "/" in name or name in (".", ".."):
        raise LoadError(f"cannot pin a map named {name!r}: not a file name")
    return os.path.join(folder, name)


def open_pinned(path: str) -> Fd | None:
    """A new fd for the object pinned at `path`, or None when nothing is pinned there."""
    try:
        return obj_get(path)
    except KernelError as e:
        if e.errno == errno.ENOENT:
            return None
        raise


def mismatches(info: MapInfo, spec: MapSpec) -> list[str]:
    """What differs between a pinned map and the spec that wants to reuse it."""
    out = []
    pairs = (
        ("type", int(info.type), int(spec.type)),
        ("key_size", info.key_size, spec.key_size),
        ("value_size", info.value_size, spec.value_size),
        ("max_entries", info.max_entries, spec.max_entries),
        ("map_flags", info.map_flags & ~_IGNORED_FLAGS, int(spec.flags) & ~_IGNORED_FLAGS),
        ("map_extra", info.map_extra, spec.map_extra),
    )
    for field, pinned, wanted in pairs:
        if pinned != wanted:
            if field == "type":
                out.append(f"type {_type_name(pinned)} (spec: {_type_name(wanted)})")
            elif field == "map_flags":
                out.append(f"map_flags {pinned:#x} (spec: {wanted:#x})")
            else:
                out.append(f"{field} {pinned} (spec: {wanted})")
    return out


def check_reusable(fd: Fd, spec: MapSpec, path: str) -> None:
    """LoadError naming every mismatch when the map at `path` cannot stand in for `spec`."""
    diff = mismatches(map_info(fd), spec)
    if diff:
        raise LoadError(
            f"map {spec.name!r}: the map pinned at {path} is incompatible: {'; '.join(diff)} "
            "(remove the pin to recreate it)"
        )


def _type_name(value: int) -> str:
    from ebpy.spec.types import MapType

    try:
        return MapType(value).name
    except ValueError:
        return str(value)
