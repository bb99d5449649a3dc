"""The running kernel's BTF (/sys/kernel/btf/vmlinux), parsed once per process."""

from __future__ import annotations

import threading

from ebpy.btf.reader import parse
from ebpy.btf.spec import Spec
from ebpy.errors import ObjectError

VMLINUX_PATH = "/sys/kernel/btf/vmlinux"

_cache: dict[str, Spec] = {}
_lock = threading.Lock()


def load_vmlinux(path: str = VMLINUX_PATH) -> Spec:
    """The kernel's BTF, parsed on first use and cached (it takes a few hundred ms)."""
    with _lock:
        spec = _cache.get(path)
        if spec is None:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError as e:
                raise ObjectError(f"{path}: cannot read kernel BTF: {e.strerror}") from None
            spec = parse(data, source=path)
            _cache[path] = spec
        return spec
