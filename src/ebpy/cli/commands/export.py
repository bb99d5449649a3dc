"""`ebpy export`: serve a collection's maps as Prometheus metrics while its programs run."""

from __future__ import annotations

import argparse
import sys

NAME = "export"
HELP = "serve an object's maps as Prometheus metrics (counters, gauges, histograms)"
DESCRIPTION = """\
Load an object, make its programs run (the kernel, a capture, a supervised command, test
runs, or maps pinned by another loader) and serve its maps at http://HOST:PORT/metrics,
read at each scrape. Integer values are counters, maps whose key has a slot/bucket field
(or whose name ends in "hist") are histograms with cumulative `le` buckets; struct keys
give labels. After a capture, a command or test runs end, the metrics stay served until
Ctrl-C (--exit-after-run stops at once).

  ebpy export pktsize.o --attach --iface eth0 --port 9435
  ebpy export fw.o --pinned /sys/fs/bpf/fw --metric 'blocked,type=counter,help=Drops'
  ebpy export app.o --config metrics.toml --pcap traffic.pcap

--metric MAP,key=value,...  keys: type (counter|gauge|histogram), name, help, value_field,
  buckets (log2|linear), slots (floor|bcc), base, step, slot_field, sum_field, skip,
  label.FIELD=NAME. --config FILE: the same per map in TOML ([maps.NAME] tables).
"""


def add_arguments(p: argparse.ArgumentParser) -> None:
    from ebpy.tools.options import add_source_arguments

    p.formatter_class = argparse.RawDescriptionHelpFormatter
    p.add_argument("object", help="eBPF object file")
    g = p.add_argument_group("metrics")
    g.add_argument("--port", type=int, default=9435, metavar="N", help="default 9435; 0: any")
    g.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    g.add_argument("--metric", action="append", default=[], metavar="SPEC", help="per-map settings")
    g.add_argument("--config", metavar="FILE", help="per-map settings in a TOML file")
    g.add_argument("--prefix", metavar="TEXT", help="metric name prefix (default ebpy_)")
    g.add_argument("--only", action="store_true", help="export only the maps configured")
    g.add_argument(
        "--exit-after-run",
        action="store_true",
        help="stop when the capture/command/test runs end instead of serving on",
    )
    add_source_arguments(p)


def run(args: argparse.Namespace) -> int:
    from ebpy import load_spec
    from ebpy.errors import EbpyError
    from ebpy.tools.export import MapCollector, configs, serve
    from ebpy.tools.options import command_of
    from ebpy.tools.sources import WaitingSource, interrupted, open_source

    command_of(args)
    if not 0 <= args.port < 1 << 16:
        raise EbpyError("--port must be 0..65535")
    config = configs(args.config, args.metric, args.prefix, args.only)
    spec = load_spec(args.object)
    # SIGINT/SIGTERM are caught from the start: a signal that comes while a capture or a
    # command runs stops serving once it ends (a background job may have SIGINT ignored).
    with interrupted() as stop, open_source(spec, args) as source:
        collector = MapCollector(source.maps, config)
        with serve(collector, args.port, args.host) as server:
            print(f"serving {server.url}", file=sys.stderr, flush=True)
            outcome = source.run(lambda final: not stop.is_set(), every=1.0)
            if not isinstance(source, WaitingSource) and not args.exit_after_run:
                print("done; still serving (Ctrl-C stops)", file=sys.stderr, flush=True)
                while not stop.wait(0.25):
                    pass
    return outcome.exit_status
