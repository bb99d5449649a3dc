"""Packet captures: a small reader and writer for pcap and pcapng files of Ethernet frames.

Classic pcap in both byte orders, with microsecond or nanosecond timestamps; pcapng with its
section header (either byte order), interface descriptions (timestamp resolution and offset),
enhanced and simple packet blocks, and any other block skipped as the format asks. Only
Ethernet (link type 1) frames are accepted: that is what an XDP program parses.

A bad file raises CaptureError with one line that says which file, where and what is wrong.
"""

from __future__ import annotations

import contextlib
import mmap
import os
import struct
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from enum import Enum, IntEnum
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, NamedTuple

from ebpy.errors import EbpyError
from ebpy.hooks.closing import Closing

PCAP_MAGIC_US = 0xA1B2C3D4
PCAP_MAGIC_NS = 0xA1B23C4D
PCAPNG_SHB = 0x0A0D0D0A
PCAPNG_BYTE_ORDER = 0x1A2B3C4D
PCAP_HEADER = 24
PCAP_RECORD = 16
_PCAP_RECORD = struct.Struct("<IIII")  # seconds, fraction, captured length, wire length
_EPB_HEAD = struct.Struct("<IIIII")  # interface, timestamp high, low, captured, wire length
_U32 = struct.Struct("<I")
# The largest frame we accept: libpcap's MAXIMUM_SNAPLEN. Anything bigger is a corrupt length.
MAX_FRAME = 262144
NS_PER_S = 1_000_000_000


class CaptureError(EbpyError):
    """A capture file that cannot be read or written."""


class LinkType(IntEnum):
    ETHERNET = 1


class CaptureFormat(Enum):
    PCAP = "pcap"  # microsecond timestamps
    PCAP_NS = "pcap-ns"  # nanosecond timestamps
    PCAPNG = "pcapng"

    @classmethod
    def parse(cls, name: str) -> CaptureFormat:
        try:
            return cls(name.lower())
        except ValueError:
            known = ", ".join(f.value for f in cls)
            raise CaptureError(f"unknown capture format {name!r} (formats: {known})") from None


class BlockType(IntEnum):
    """pcapng block types this module reads or writes (others are skipped)."""

    INTERFACE = 0x00000001
    SIMPLE_PACKET = 0x00000003
    ENHANCED_PACKET = 0x00000006
    SECTION_HEADER = PCAPNG_SHB


class IdbOption(IntEnum):
    END = 0
    TSRESOL = 9
    TSOFFSET = 14


class Frame(NamedTuple):
    """One captured frame. `timestamp_ns` is None for pcapng simple packet blocks.

    A named tuple rather than a dataclass: captures have millions of frames, and a tuple is
    built in C.
    """

    data: bytes
    timestamp_ns: int | None = 0
    orig_len: int = -1  # length on the wire; -1: the same as len(data)
    interface: int = 0  # pcapng interface id

    @property
    def wire_len(self) -> int:
        return len(self.data) if self.orig_len < 0 else self.orig_len


@dataclass
class _Interface:
    link_type: int
    snaplen: int
    units_per_s: int = 1_000_000
    offset_s: int = 0


def _where(path: str, offset: int, index: int | None = None) -> str:
    frame = f"frame {index}, " if index is not None else ""
    return f"{path}: {frame}byte {offset}"


class CaptureReader(Closing):
    """Frames of a pcap or pcapng file, read lazily. A context manager and an iterator.

    `format`, `link_type` and `snaplen` describe the file (pcapng: its first interface).
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = str(path)
        self._file: BinaryIO | None = None
        self._map: mmap.mmap | None = None
        try:
            self._file = open(self.path, "rb")  # noqa: SIM115  (kept open while iterating)
            size = os.fstat(self._file.fileno()).st_size
            if size:
                self._map = mmap.mmap(self._file.fileno(), 0, access=mmap.ACCESS_READ)
            self._buf = memoryview(self._map) if self._map is not None else memoryview(b"")
            self.format, self.link_type, self.snaplen = self._probe()
        except OSError as e:
            self.close()
            raise CaptureError(f"{self.path}: {e.strerror}") from None
        except BaseException:
            self.close()
            raise
        self.frames_read = 0

    # ---- header -------------------------------------------------------------------------------
    def _probe(self) -> tuple[CaptureFormat, int, int]:
        buf = self._buf
        if len(buf) < 4:
            raise CaptureError(
                f"{self.path}: not a pcap or pcapng capture ({len(buf)} bytes, too short)"
            )
        first_le = struct.unpack_from("<I", buf, 0)[0]
        first_be = struct.unpack_from(">I", buf, 0)[0]
        if first_le == PCAPNG_SHB:
            self._order = self._section_order(0)
            return CaptureFormat.PCAPNG, self._first_link_type(), 0
        for order, magic in (("<", first_le), (">", first_be)):
            if magic in (PCAP_MAGIC_US, PCAP_MAGIC_NS):
                self._order = order
                fmt = CaptureFormat.PCAP_NS if magic == PCAP_MAGIC_NS else CaptureFormat.PCAP
                if len(buf) < PCAP_HEADER:
                    raise CaptureError(
                        f"{self.path}: truncated pcap header ({len(buf)} of {PCAP_HEADER} bytes)"
                    )
                major, minor, _zone, _sigfigs, snaplen, network = struct.unpack_from(
                    order + "HHiIII", buf, 4
                )
                if major != 2:
                    raise CaptureError(f"{self.path}: pcap version {major}.{minor} (expected 2.4)")
                link = network & 0xFFFF  # upper bits carry FCS information
                if link != LinkType.ETHERNET:
                    raise CaptureError(
                        f"{self.path}: link type {link} is not Ethernet (1); "
                        "XDP programs need Ethernet frames"
                    )
                return fmt, link, snaplen
        raise CaptureError(
            f"{self.path}: not a pcap or pcapng capture (starts with {bytes(buf[:4]).hex()})"
        )

    def _section_order(self, offset: int) -> str:
        buf = self._buf
        if offset + 12 > len(buf):
            raise CaptureError(f"{_where(self.path, offset)}: truncated pcapng section header")
        bom = bytes(buf[offset + 8 : offset + 12])
        if bom == struct.pack("<I", PCAPNG_BYTE_ORDER):
            order = "<"
        elif bom == struct.pack(">I", PCAPNG_BYTE_ORDER):
            order = ">"
        else:
            raise CaptureError(
                f"{_where(self.path, offset + 8)}: bad pcapng byte-order magic {bom.hex()}"
            )
        if offset + 16 <= len(buf):
            major = struct.unpack_from(order + "H", buf, offset + 12)[0]
            if major != 1:
                raise CaptureError(
                    f"{_where(self.path, offset + 12)}: pcapng version {major} (expected 1)"
                )
        return order

    def _first_link_type(self) -> int:
        """The link type of the first interface, for describing the file (0: none)."""
        try:
            for block_type, _off, body, order in self._blocks():
                if block_type == BlockType.INTERFACE:
                    return int(struct.unpack_from(order + "H", body, 0)[0])
        except CaptureError:
            return 0  # iteration reports the problem at the frame it affects
        return 0

    @property
    def buffer(self) -> memoryview:
        """The whole file, mapped (read-only), for readers that walk its records natively."""
        return self._buf

    @property
    def byte_order(self) -> str:
        """ "<" or ">": the byte order of the file's headers (pcapng: its first section)."""
        return self._order

    # ---- iteration --------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Frame]:
        if self.format == CaptureFormat.PCAPNG:
            return self._pcapng_frames()
        return self._pcap_frames()

    def _pcap_frames(self) -> Iterator[Frame]:
        # Slicing the mmap itself gives bytes in one step (a memoryview slice would be two).
        buf: mmap.mmap | bytes = self._map if self._map is not None else b""
        size = len(buf)
        unpack = struct.Struct(self._order + "IIII").unpack_from
        scale = 1 if self.format == CaptureFormat.PCAP_NS else 1000
        limit = MAX_FRAME
        off = PCAP_HEADER
        index = 0
        while off < size:
            if off + PCAP_RECORD > size:
                raise CaptureError(
                    f"{_where(self.path, off, index)}: truncated record header "
                    f"({size - off} of {PCAP_RECORD} bytes)"
                )
            sec, frac, incl, orig = unpack(buf, off)
            if incl > limit:
                raise CaptureError(
                    f"{_where(self.path, off, index)}: record length {incl} is larger than "
                    f"any Ethernet capture allows ({limit})"
                )
            start = off + PCAP_RECORD
            if start + incl > size:
                raise CaptureError(
                    f"{_where(self.path, off, index)}: truncated frame ({size - start} of "
                    f"{incl} bytes)"
                )
            off = start + incl
            self.frames_read = index = index + 1
            yield Frame(
                buf[start:off], sec * NS_PER_S + frac * scale, orig if orig > incl else incl
            )

    def _blocks(self) -> Iterator[tuple[int, int, memoryview, str]]:
        """(type, offset, body, byte order) of each pcapng block, in file order."""
        buf = self._buf
        size = len(buf)
        off = 0
        order = "<"
        while off < size:
            if off + 12 > size:
                raise CaptureError(
                    f"{_where(self.path, off)}: truncated pcapng block ({size - off} bytes left)"
                )
            raw_type = struct.unpack_from("<I", buf, off)[0]
            if raw_type == PCAPNG_SHB:
                order = self._section_order(off)
            block_type, total = struct.unpack_from(order + "II", buf, off)
            if total < 12 or total % 4:
                raise CaptureError(f"{_where(self.path, off)}: bad pcapng block length {total}")
            if off + total > size:
                raise CaptureError(
                    f"{_where(self.path, off)}: truncated pcapng block ({size - off} of "
                    f"{total} bytes)"
                )
            trailer = struct.unpack_from(order + "I", buf, off + total - 4)[0]
            if trailer != total:
                raise CaptureError(
                    f"{_where(self.path, off)}: pcapng block length {total} does not match "
                    f"its trailer {trailer}"
                )
            yield block_type, off, buf[off + 8 : off + total - 4], order
            off += total

    def _pcapng_frames(self) -> Iterator[Frame]:
        interfaces: list[_Interface] = []
        index = 0
        for block_type, off, body, order in self._blocks():
            if block_type == BlockType.SECTION_HEADER:
                interfaces = []  # interface ids restart in every section
            elif block_type == BlockType.INTERFACE:
                interfaces.append(self._interface(body, order, off))
            elif block_type == BlockType.ENHANCED_PACKET:
                if len(body) < 20:
                    raise CaptureError(
                        f"{_where(self.path, off, index)}: enhanced packet block too short"
                    )
                iface_id, hi, lo, cap, orig = struct.unpack_from(order + "IIIII", body, 0)
                iface = self._iface(interfaces, iface_id, off, index)
                if 20 + cap > len(body):
                    raise CaptureError(
                        f"{_where(self.path, off, index)}: captured length {cap} runs past "
                        "the end of its block"
                    )
                ticks = (hi << 32) | lo
                ts = ticks * NS_PER_S // iface.units_per_s + iface.offset_s * NS_PER_S
                self.frames_read = index = index + 1
                yield Frame(bytes(body[20 : 20 + cap]), ts, max(orig, cap), iface_id)
            elif block_type == BlockType.SIMPLE_PACKET:
                if len(body) < 4:
                    raise CaptureError(
                        f"{_where(self.path, off, index)}: simple packet block too short"
                    )
                iface = self._iface(interfaces, 0, off, index)
                orig = struct.unpack_from(order + "I", body, 0)[0]
                cap = min(orig, len(body) - 4)
                if iface.snaplen:
                    cap = min(cap, iface.snaplen)
                self.frames_read = index = index + 1
                yield Frame(bytes(body[4 : 4 + cap]), None, orig, 0)

    def _interface(self, body: memoryview, order: str, off: int) -> _Interface:
        if len(body) < 8:
            raise CaptureError(f"{_where(self.path, off)}: interface description block too short")
        link, _reserved, snaplen = struct.unpack_from(order + "HHI", body, 0)
        iface = _Interface(link, snaplen)
        pos = 8
        while pos + 4 <= len(body):
            code, length = struct.unpack_from(order + "HH", body, pos)
            value = body[pos + 4 : pos + 4 + length]
            if code == IdbOption.END:
                break
            if len(value) < length:
                raise CaptureError(f"{_where(self.path, off)}: option {code} runs past its block")
            if code == IdbOption.TSRESOL and length >= 1:
                r = value[0]
                iface.units_per_s = 2 ** (r & 0x7F) if r & 0x80 else 10**r
            elif code == IdbOption.TSOFFSET and length >= 8:
                iface.offset_s = struct.unpack_from(order + "q", value, 0)[0]
            pos += 4 + ((length + 3) & ~3)
        return iface

    def _iface(
        self, interfaces: list[_Interface], iface_id: int, off: int, index: int
    ) -> _Interface:
        if iface_id >= len(interfaces):
            raise CaptureError(
                f"{_where(self.path, off, index)}: packet names interface {iface_id}, but only "
                f"{len(interfaces)} are described"
            )
        iface = interfaces[iface_id]
        if iface.link_type != LinkType.ETHERNET:
            raise CaptureError(
                f"{_where(self.path, off, index)}: interface {iface_id} has link type "
                f"{iface.link_type}, not Ethernet (1); XDP programs need Ethernet frames"
            )
        return iface

    # ---- lifetime ---------------------------------------------------------------------------------
    def close(self) -> None:
        buf = getattr(self, "_buf", None)
        if buf is not None:
            buf.release()
        if self._map is not None:
            # A frame iterator may still hold a slice; the GC unmaps it then.
            with contextlib.suppress(BufferError):
                self._map.close()
            self._map = None
        if self._file is not None:
            self._file.close()
            self._file = None


def read_capture(path: str | os.PathLike[str]) -> list[Frame]:
    """Every frame of a capture, in order."""
    with CaptureReader(path) as reader:
        return list(reader)


@dataclass
class CaptureWriter:
    """Writes Ethernet frames as pcap (microseconds or nanoseconds) or pcapng.

    Written to a temporary file next to `path` and renamed into place by close(), so a
    failed run never leaves half a capture behind (abort() drops it).
    """

    path: str | os.PathLike[str]
    format: CaptureFormat = CaptureFormat.PCAP
    snaplen: int = MAX_FRAME
    frames_written: int = 0
    _file: BinaryIO | None = field(default=None, repr=False)
    _tmp: Path | None = field(default=None, repr=False)

    def __post_init__(self) -> None:
        target = Path(self.path)
        self._tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            self._file = open(self._tmp, "wb")  # noqa: SIM115  (closed by close/abort)
            self._file.write(self._header())
        except OSError as e:
            self.abort()
            raise CaptureError(f"{self.path}: {e.strerror}") from None

    def _header(self) -> bytes:
        if self.format == CaptureFormat.PCAPNG:
            shb_body = struct.pack("<IHHq", PCAPNG_BYTE_ORDER, 1, 0, -1)
            idb_opts = struct.pack("<HHB3x", IdbOption.TSRESOL, 1, 9) + struct.pack("<HH", 0, 0)
            idb_body = struct.pack("<HHI", LinkType.ETHERNET, 0, self.snaplen) + idb_opts
            return _block(BlockType.SECTION_HEADER, shb_body) + _block(
                BlockType.INTERFACE, idb_body
            )
        magic = PCAP_MAGIC_NS if self.format == CaptureFormat.PCAP_NS else PCAP_MAGIC_US
        return struct.pack("<IHHiIII", magic, 2, 4, 0, 0, self.snaplen, LinkType.ETHERNET)

    def write(
        self, data: bytes | bytearray | memoryview, timestamp_ns: int | None = 0, orig_len: int = -1
    ) -> None:
        """Append one frame; `orig_len` -1 means the frame is complete (wire length = len)."""
        if self._file is None:
            raise CaptureError(f"{self.path}: writer is closed")
        n = len(data)
        orig = n if orig_len < n else orig_len
        f = self._file
        try:
            if self.format != CaptureFormat.PCAPNG:
                # The common case, kept short: a capture can have millions of frames.
                sec, ns = divmod(max(0, timestamp_ns or 0), NS_PER_S)
                if sec > 0xFFFFFFFF:
                    raise CaptureError(f"{self.path}: timestamp {timestamp_ns} ns is past 2106")
                frac = ns if self.format == CaptureFormat.PCAP_NS else ns // 1000
                f.write(_PCAP_RECORD.pack(sec, frac, n, orig))
                f.write(data)
            elif timestamp_ns is None:
                f.write(
                    _block(BlockType.SIMPLE_PACKET, _U32.pack(orig) + bytes(data) + bytes(-n % 4))
                )
            else:
                ts = max(0, timestamp_ns)
                if ts >> 64:
                    raise CaptureError(f"{self.path}: timestamp {timestamp_ns} ns does not fit")
                head = _EPB_HEAD.pack(0, ts >> 32, ts & 0xFFFFFFFF, n, orig)
                f.write(_block(BlockType.ENHANCED_PACKET, head + bytes(data) + bytes(-n % 4)))
        except OSError as e:
            raise CaptureError(f"{self.path}: {e.strerror}") from None
        self.frames_written += 1

    def write_frame(self, frame: Frame) -> None:
        self.write(frame.data, frame.timestamp_ns, frame.orig_len)

    def write_records(self, records: bytes | bytearray | memoryview, frames: int) -> None:
        """Append `frames` records already encoded as `write` encodes them (in this writer's
        format), e.g. by the capture hook's native path."""
        if self._file is None:
            raise CaptureError(f"{self.path}: writer is closed")
        try:
            self._file.write(records)
        except OSError as e:
            raise CaptureError(f"{self.path}: {e.strerror}") from None
        self.frames_written += frames

    def close(self) -> None:
        """Finish the file and move it into place."""
        if self._file is None:
            return
        f, self._file = self._file, None
        try:
            f.close()
            assert self._tmp is not None
            self._tmp.replace(self.path)
        except OSError as e:
            self.abort()
            raise CaptureError(f"{self.path}: {e.strerror}") from None
        self._tmp = None

    def abort(self) -> None:
        """Drop what was written; the target file is left as it was."""
        if self._file is not None:
            self._file.close()
            self._file = None
        if self._tmp is not None:
            self._tmp.unlink(missing_ok=True)
            self._tmp = None

    def __enter__(self) -> CaptureWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


def _block(block_type: int, body: bytes) -> bytes:
    total = 12 + len(body)
    return struct.pack("<II", block_type, total) + body + struct.pack("<I", total)


def write_capture(
    path: str | os.PathLike[str],
    frames: Sequence[Frame | bytes],
    format: CaptureFormat = CaptureFormat.PCAP,
) -> None:
    """Write frames (Frame objects, or bytes with timestamps 0, 1, 2 ... µs) to a capture."""
    with CaptureWriter(path, format) as w:
        for i, f in enumerate(frames):
            if isinstance(f, Frame):
                w.write_frame(f)
            else:
                w.write(f, i * 1000)
