"""What every event reader (ring buffers, perf buffers; kernel's and ebpy's) offers over its
`records()`: `async for` and use as a context manager."""

from __future__ import annotations

import asyncio
from abc import ABC, abstractmethod
from collections.abc import AsyncIterator, Iterator
from typing import Any, Self

# Producers in this process are looked for again after these pauses (doubling in between).
FIRST_PAUSE = 50e-6
LONGEST_PAUSE = 5e-3


class EventReader(ABC):
    @abstractmethod
    def records(self) -> Iterator[Any]:
        """Consume and yield the records there now (decoded), without waiting."""

    @abstractmethod
    def close(self) -> None: ...

    async def events(self) -> AsyncIterator[Any]:
        """Records as they arrive, in asyncio (between looks the loop runs other tasks)."""
        pause = FIRST_PAUSE
        while True:
            got = False
            for record in self.records():
                got = True
                yield record
            if got:
                pause = FIRST_PAUSE
                continue
            await asyncio.sleep(pause)
            pause = min(pause * 2, LONGEST_PAUSE)

    def __aiter__(self) -> AsyncIterator[Any]:
        return self.events()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
