"""One module per `ebpy` subcommand.

Each module defines NAME (the subcommand), HELP (one line), add_arguments(parser) and
run(args) -> int. main.py finds them here, so adding a command touches no shared file.
"""
