"""ebpy: eBPF implemented in Python."""

__version__ = "0.1.0"
