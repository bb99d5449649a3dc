"""The state checks every userspace map makes before an operation, as bpf() makes them:
EBADF once closed, EPERM for reads of a write-only map and writes to a read-only or frozen one."""

from __future__ import annotations

import errno

from ebpy.errors import MapError
from ebpy.maps.api import map_error
from ebpy.spec.types import MapFlags


class AccessChecks:
    """Mixed into a map class that has `name`, `flags`, `_open` and `_frozen`."""

    name: str
    flags: int
    _open: bool
    _frozen: bool

    @property
    def closed(self) -> bool:
        return not self._open

    @property
    def frozen(self) -> bool:
        return self._frozen

    def _check_open(self) -> None:
        if not self._open:
            raise MapError(errno.EBADF, f"map {self.name!r} is closed")

    def _check_read(self, op: str) -> None:
        self._check_open()
        if self.flags & MapFlags.WRONLY:
            raise map_error(errno.EPERM, self.name, op)

    def _check_write(self, op: str) -> None:
        self._check_open()
        if self._frozen or self.flags & MapFlags.RDONLY:
            raise map_error(errno.EPERM, self.name, op)
