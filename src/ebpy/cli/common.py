"""Pieces several commands share: loading an object, choosing a program, reading inputs."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from ebpy.errors import EbpyError
from ebpy.spec import CollectionSpec, ProgramSpec, ProgramType

ENGINES = ("interp", "jit", "kernel")


def add_object_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("object", help="eBPF ELF object (compiled with clang -target bpf)")
    p.add_argument("--program", "-p", metavar="NAME", help="program by function or section name")
    p.add_argument(
        "--type",
        metavar="TYPE",
        help="override the program type the section implies (xdp, sched_cls, socket_filter, ...)",
    )


def add_engine_argument(p: argparse.ArgumentParser, default: str = "interp") -> None:
    p.add_argument("--engine", "-e", choices=ENGINES, default=default, help=f"default {default}")
    p.add_argument(
        "--no-verify",
        action="store_true",
        help="skip ebpy's verifier on interp/jit (only for code you trust)",
    )


def load_object(path: str) -> CollectionSpec:
    from ebpy import load_spec

    return load_spec(path)


def choose_program(spec: CollectionSpec, args: argparse.Namespace) -> ProgramSpec:
    prog = spec.program(args.program)
    if getattr(args, "type", None):
        try:
            prog.type = ProgramType.parse(args.type)
        except ValueError as e:
            raise EbpyError(str(e)) from None
    return prog


def read_input(path: str | None, what: str) -> bytes | None:
    if path is None:
        return None
    if path == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(path).read_bytes()
    except OSError as e:
        raise EbpyError(f"{what} {path}: {e.strerror}") from None


def load_collection(
    spec: CollectionSpec, engine: str, args: argparse.Namespace, programs: list[str]
) -> Any:
    options: dict[str, Any] = {"programs": programs}
    if engine in ("interp", "jit"):
        options["verify"] = not args.no_verify
    return spec.load(engine=engine, **options)


def print_json(value: Any) -> None:
    json.dump(value, sys.stdout, indent=2, default=_json_default)
    sys.stdout.write("\n")


def _json_default(value: Any) -> Any:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, set):
        return sorted(value)
    return str(value)
