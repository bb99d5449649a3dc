"""Object files to CollectionSpecs: programs, subprograms, maps, global data, BTF."""

from ebpy.elf.loader import load_spec

__all__ = ["load_spec"]
