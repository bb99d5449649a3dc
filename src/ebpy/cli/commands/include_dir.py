"""`ebpy include-dir`: where ebpy's C headers are, for `clang -I`."""

from __future__ import annotations

import argparse

NAME = "include-dir"
HELP = "print the folder of ebpy's C headers (ebpy/bpf.h, ebpy/xdp.h, ...) for clang -I"
DESCRIPTION = (
    "Print the folder that holds the C headers ebpy ships, for example\n"
    '  clang -target bpf -O2 -g -I "$(ebpy include-dir)" -c prog.c -o prog.o\n'
    "then `#include <ebpy/xdp.h>` in prog.c."
)


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("--list", action="store_true", help="list the headers instead")


def run(args: argparse.Namespace) -> int:
    from ebpy.hooks import include_dir

    root = include_dir()
    if args.list:
        for header in sorted(root.rglob("*.h")):
            print(header.relative_to(root).as_posix())
        return 0
    print(root)
    return 0
