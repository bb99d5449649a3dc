"""The reference tools, each a shipped BPF object (ebpy/tools/bpf) and a thin front end here.

Each module defines NAME, HELP, DESCRIPTION, add_arguments(parser) and run(args) -> int, as
the CLI's commands do; `ebpy tool NAME` finds them in TOOLS.
"""

from __future__ import annotations

import importlib
from types import ModuleType

TOOLS = ("execsnoop", "opensnoop", "syscount", "tcptracer", "pktsize", "firewall")


def tool_module(name: str) -> ModuleType:
    return importlib.import_module(f"{__name__}.{name}")
