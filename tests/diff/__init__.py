"""Differential testing across ebpy's three engines: the interpreter, the JIT and the kernel.

`randprog` writes random XDP programs the kernel's verifier accepts by construction,
`engines` runs one CollectionSpec on every engine (`spec.load("interp" | "jit" | "kernel")`)
and compares what each produced, and `shrink` reduces a failing random program to a small
one. docs/testing.md explains how it fits together and how to run long fuzzing sessions.
"""
