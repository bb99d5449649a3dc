"""The Linux kernel as an engine: bpf() through ctypes, programs, maps, feature probes."""
