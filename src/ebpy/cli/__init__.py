"""The `ebpy` command line."""
