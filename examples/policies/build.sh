#!/bin/sh
# Rebuild the example policies' objects (checked in, so users need no compiler).
set -e
cd "$(dirname "$0")"
inc="../../src/ebpy/include"
for src in *.c; do
	python -m ziglang cc -target bpfel-freestanding -O2 -g -I "$inc" -c "$src" -o "${src%.c}.o"
done
