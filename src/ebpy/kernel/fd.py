"""Fd: one owned file descriptor of a kernel object (program, map, BTF, link, ...)."""

from __future__ import annotations

import contextlib
import errno
import os
import warnings
from types import TracebackType
from typing import Protocol, Self

from ebpy.errors import KernelError


class Fd:
    """Owns a file descriptor: closes it once, on close(), on leaving a `with`, or when
    garbage-collected (with a ResourceWarning, like an unclosed file).

    Everything that hands out a bpf() fd wraps it in an Fd right away, so no code path can lose
    it. `detach()` gives up ownership (for passing the number to another owner).
    """

    __slots__ = ("__weakref__", "_fd")

    def __init__(self, fd: int) -> None:
        if fd < 0:
            raise ValueError(f"invalid file descriptor {fd}")
        self._fd: int | None = fd

    @property
    def closed(self) -> bool:
        return self._fd is None

    def fileno(self) -> int:
        """The descriptor number; KernelError(EBADF) once closed."""
        if self._fd is None:
            raise KernelError(errno.EBADF, "using a closed file descriptor")
        return self._fd

    def __int__(self) -> int:
        return self.fileno()

    def __index__(self) -> int:
        return self.fileno()

    def close(self) -> None:
        """Close the descriptor; closing twice is a no-op, never a second close(2)."""
        fd, self._fd = self._fd, None
        if fd is not None:
            os.close(fd)

    def detach(self) -> int:
        """Give up ownership and return the number; this Fd no longer closes it."""
        fd = self.fileno()
        self._fd = None
        return fd

    def dup(self) -> Fd:
        """A new descriptor for the same kernel object (close-on-exec), owned separately."""
        try:
            return Fd(os.dup(self.fileno()))
        except OSError as e:
            raise KernelError(e.errno or errno.EBADF, f"dup of fd {self._fd}") from None

    def __enter__(self) -> Fd:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is None:
            return
        self._fd = None
        # Close first: a warning filter that raises must not keep the descriptor open. At
        # interpreter shutdown os or warnings may already be gone; nothing to do then.
        with contextlib.suppress(Exception):
            os.close(fd)
            warnings.warn(f"unclosed Fd({fd})", ResourceWarning, stacklevel=2)

    def __repr__(self) -> str:
        return f"Fd({self._fd})" if self._fd is not None else "Fd(closed)"


class SupportsFileno(Protocol):
    def fileno(self) -> int: ...


# Where an fd is only referenced (fd_array, inner_map, btf): a number, an Fd, or any object
# that owns one (KernelMapFd, KernelProgram).
FdLike = int | SupportsFileno


def fd_number(fd: FdLike) -> int:
    return fd if isinstance(fd, int) else fd.fileno()


class OwnsFd:
    """For objects that own one kernel object through `self.fd` (programs, maps, links):
    fileno(), closed, close() and `with`."""

    fd: Fd

    def fileno(self) -> int:
        return self.fd.fileno()

    @property
    def closed(self) -> bool:
        return self.fd.closed

    def close(self) -> None:
        self.fd.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
