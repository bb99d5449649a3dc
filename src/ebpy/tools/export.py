"""A Prometheus exporter for a collection's maps, read at each scrape.

    from ebpy.tools.export import MapCollector, MetricConfig, serve
    collector = MapCollector(coll.maps, [MetricConfig("sizes", type=MetricType.HISTOGRAM)])
    server = serve(collector, port=9435)        # http://HOST:9435/metrics
    ...
    server.close()

Each map becomes one metric family (or one per numeric field of a struct value):

- `counter` (the default for integer values: BPF maps mostly count things), `gauge`, or
  `histogram` (the default when the key has a bucket field named slot/bucket, or the map's
  name ends in "hist"): log2 or linear buckets become cumulative `le` buckets with `+Inf`,
  `_count` and `_sum` (exact when the value struct has a sum field, otherwise estimated
  from the bucket middles; see ebpy.tools.histogram);
- labels come from the key: a struct key's fields (field names are label names, renamable),
  or one label `key` for an integer key;
- global variables of .data/.bss become gauges; .rodata (constants) is skipped.

Per map: metric name (default `<prefix><map>`), type, help, labels, value/sum/bucket fields
and histogram layout, from `MetricConfig`, a TOML file (`load_config`) or CLI flags
(`parse_metric_flag`).
"""

from __future__ import annotations

import json
import re
import threading
import tomllib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

from ebpy.errors import EbpyError
from ebpy.spec import MapType
from ebpy.tools import histogram as hist
from ebpy.tools.events import plain
from ebpy.tools.values import total

DEFAULT_PREFIX = "ebpy_"
_NOT_ITERABLE = frozenset(
    {
        MapType.RINGBUF,
        MapType.PERF_EVENT_ARRAY,
        MapType.QUEUE,
        MapType.STACK,
        MapType.BLOOM_FILTER,
        MapType.PROG_ARRAY,
        MapType.ARRAY_OF_MAPS,
        MapType.HASH_OF_MAPS,
        MapType.DEVMAP,
        MapType.DEVMAP_HASH,
        MapType.CPUMAP,
        MapType.XSKMAP,
        MapType.SOCKMAP,
        MapType.SOCKHASH,
        MapType.STACK_TRACE,
    }
)
_METRIC_NAME = re.compile(r"[a-zA-Z_:][a-zA-Z0-9_:]*")


class ExportError(EbpyError):
    """A configuration the exporter cannot follow."""


class MetricType(StrEnum):
    AUTO = "auto"
    COUNTER = "counter"
    GAUGE = "gauge"
    HISTOGRAM = "histogram"


@dataclass(frozen=True)
class MetricConfig:
    """How one map is exported. Everything but `map` has a default."""

    map: str
    type: MetricType = MetricType.AUTO
    name: str | None = None  # default: prefix + map name (cleaned up)
    help: str | None = None
    labels: Mapping[str, str] = field(default_factory=dict)  # key field -> label name
    value_field: str | None = None
    skip: bool = False
    buckets: hist.HistKind = hist.HistKind.LOG2
    slot_field: str | None = None
    sum_field: str | None = None
    slots: hist.SlotRule = hist.SlotRule.FLOOR
    base: int = 0
    step: int = 1

    def hist_spec(self) -> hist.HistSpec:
        return hist.HistSpec(
            kind=self.buckets,
            slot_field=self.slot_field,
            value_field=self.value_field,
            sum_field=self.sum_field,
            slots=self.slots,
            base=self.base,
            step=self.step,
        )


_CONFIG_KEYS = {
    "type",
    "name",
    "help",
    "labels",
    "value_field",
    "skip",
    "buckets",
    "slot_field",
    "sum_field",
    "slots",
    "base",
    "step",
}


def config_from_dict(map_name: str, data: Mapping[str, Any], where: str) -> MetricConfig:
    """A MetricConfig from a TOML table or the key=value pairs of a flag."""
    unknown = sorted(set(data) - _CONFIG_KEYS)
    if unknown:
        raise ExportError(
            f"{where}: unknown setting {unknown[0]!r} (settings: {', '.join(sorted(_CONFIG_KEYS))})"
        )
    try:
        labels = data.get("labels", {})
        if not isinstance(labels, Mapping) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in labels.items()
        ):
            raise ExportError(f"{where}: labels must map key fields to label names")
        cfg = MetricConfig(
            map_name,
            type=MetricType(data.get("type", "auto")),
            name=_opt_str(data, "name", where),
            help=_opt_str(data, "help", where),
            labels=dict(labels),
            value_field=_opt_str(data, "value_field", where),
            skip=bool(data.get("skip", False)),
            buckets=hist.HistKind(data.get("buckets", "log2")),
            slot_field=_opt_str(data, "slot_field", where),
            sum_field=_opt_str(data, "sum_field", where),
            slots=hist.SlotRule(data.get("slots", "floor")),
            base=_int(data, "base", 0, where),
            step=_int(data, "step", 1, where),
        )
    except ValueError as e:
        raise ExportError(f"{where}: {e}") from None
    if cfg.name is not None and not _METRIC_NAME.fullmatch(cfg.name):
        raise ExportError(f"{where}: {cfg.name!r} is not a valid Prometheus metric name")
    for label in cfg.labels.values():
        if not re.fullmatch(r"[a-zA-Z_][a-zA-Z0-9_]*", label) or label.startswith("__"):
            raise ExportError(f"{where}: {label!r} is not a valid Prometheus label name")
    if cfg.step < 1:
        raise ExportError(f"{where}: step must be at least 1")
    return cfg


def _opt_str(data: Mapping[str, Any], key: str, where: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise ExportError(f"{where}: {key} must be text")
    return value


def _int(data: Mapping[str, Any], key: str, default: int, where: str) -> int:
    value = data.get(key, default)
    if isinstance(value, str):
        try:
            value = int(value, 0)
        except ValueError:
            raise ExportError(f"{where}: {key} must be an integer, got {value!r}") from None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ExportError(f"{where}: {key} must be an integer")
    return value


@dataclass(frozen=True)
class ExportConfig:
    prefix: str = DEFAULT_PREFIX
    maps: Mapping[str, MetricConfig] = field(default_factory=dict)
    only_configured: bool = False  # export only the maps named in `maps`

    def merged(self, other: ExportConfig) -> ExportConfig:
        """`other`'s settings over these (flags over the file)."""
        return ExportConfig(
            other.prefix if other.prefix != DEFAULT_PREFIX else self.prefix,
            {**self.maps, **other.maps},
            self.only_configured or other.only_configured,
        )


def load_config(path: str | Path) -> ExportConfig:
    """A TOML file:

    prefix = "myapp_"            # optional
    only = true                  # optional: only the maps below
    [maps.sizes]
    type = "histogram"
    name = "packet_size_bytes"
    help = "Sizes of the packets seen"
    labels = { proto = "protocol" }
    """
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text())
    except OSError as e:
        raise ExportError(f"{path}: {e.strerror}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as e:
        raise ExportError(f"{path}: not valid TOML: {e}") from None
    unknown = sorted(set(data) - {"prefix", "only", "maps"})
    if unknown:
        raise ExportError(f"{path}: unknown setting {unknown[0]!r} (settings: prefix, only, maps)")
    maps_table = data.get("maps", {})
    if not isinstance(maps_table, dict):
        raise ExportError(f"{path}: [maps] must be a table of tables")
    maps = {}
    for name, table in maps_table.items():
        if not isinstance(table, dict):
            raise ExportError(f"{path}: maps.{name} must be a table")
        maps[name] = config_from_dict(name, table, f"{path}: maps.{name}")
    prefix = data.get("prefix", DEFAULT_PREFIX)
    if not isinstance(prefix, str) or (prefix and not _METRIC_NAME.fullmatch(prefix)):
        raise ExportError(f"{path}: prefix must be the start of a metric name")
    return ExportConfig(prefix, maps, bool(data.get("only", False)))


def parse_metric_flag(text: str) -> MetricConfig:
    """`MAP[,key=value...]`, e.g. `sizes,type=histogram,name=pkt_bytes,label.proto=protocol`."""
    name, _, rest = text.partition(",")
    name = name.strip()
    if not name:
        raise ExportError(f"--metric {text!r}: starts with the map's name")
    data: dict[str, Any] = {}
    labels: dict[str, str] = {}
    for item in filter(None, (part.strip() for part in rest.split(","))):
        key, sep, value = item.partition("=")
        if not sep:
            raise ExportError(f"--metric {text!r}: {item!r} is not key=value")
        if key.startswith("label."):
            labels[key[len("label.") :]] = value
        elif key == "skip":
            data["skip"] = value.lower() in ("1", "true", "yes")
        else:
            data[key] = value
    if labels:
        data["labels"] = labels
    return config_from_dict(name, data, f"--metric {text!r}")


# ---- the collector ------------------------------------------------------------------------------


def metric_name(prefix: str, name: str) -> str:
    """A Prometheus-safe name: other characters become '_' (`.bss` -> `bss`)."""
    clean = re.sub(r"[^a-zA-Z0-9_:]", "_", name).strip("_") or "map"
    full = prefix + clean
    return full if _METRIC_NAME.fullmatch(full) else "_" + full


def _label_value(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return bytes(value).hex()
    if isinstance(value, (dict, list)):
        return json.dumps(plain(value), separators=(",", ":"))
    return str(value)


class MapCollector:
    """A prometheus_client collector reading `maps` at each scrape."""

    def __init__(self, maps: Mapping[str, Any], config: ExportConfig | None = None) -> None:
        self.maps = maps
        self.config = config or ExportConfig()
        missing = [n for n in self.config.maps if n not in maps]
        if missing:
            raise ExportError(
                f"no map {missing[0]!r} to export (maps: {', '.join(maps) or 'none'})"
            )
        # Buckets per histogram map: never fewer than a scrape showed before, so a series'
        # buckets stay the same from scrape to scrape (Prometheus expects that).
        self._slots: dict[str, int] = {}

    def describe(self) -> list[Any]:
        return []  # metrics depend on the maps' contents: no registration-time checks

    def collect(self) -> Iterator[Any]:
        for name, m in self.maps.items():
            cfg = self.config.maps.get(name)
            if cfg is None:
                if self.config.only_configured:
                    continue
                cfg = MetricConfig(name)
            if cfg.skip:
                continue
            yield from self._map_metrics(m, cfg)

    def _map_metrics(self, m: Any, cfg: MetricConfig) -> Iterator[Any]:
        spec = m.spec
        if spec.is_global_data:
            if not spec.freeze:
                yield from self._globals(m, cfg)
            return
        if MapType(spec.type) in _NOT_ITERABLE:
            if cfg.type != MetricType.AUTO:
                raise ExportError(
                    f"map {m.name!r}: {MapType(spec.type).name.lower()} maps cannot be exported"
                )
            return
        items = list(m.items())
        kind = cfg.type if cfg.type != MetricType.AUTO else _guess(m.name, items)
        base = cfg.name or metric_name(self.config.prefix, m.name)
        help_text = cfg.help or f"eBPF map {m.name}"
        if kind == MetricType.HISTOGRAM:
            yield self._histogram(m.name, items, cfg, base, help_text)
        else:
            yield from self._values(m.name, items, cfg, kind, base, help_text)

    def _globals(self, m: Any, cfg: MetricConfig) -> Iterator[Any]:
        from prometheus_client.core import GaugeMetricFamily

        value = m[0]
        if not isinstance(value, Mapping):
            return
        for var, v in value.items():
            v = total(v)
            if isinstance(v, bool) or not isinstance(v, (int, float)):
                continue
            name = metric_name(self.config.prefix, var)
            yield GaugeMetricFamily(name, cfg.help or f"eBPF global variable {var}", value=v)

    def _label_names(self, key: Any, cfg: MetricConfig, exclude: str | None = None) -> list[str]:
        if isinstance(key, Mapping):
            fields = [k for k in key if k != exclude]
        else:
            fields = ["key"] if exclude is None else []
        return [cfg.labels.get(f, f) for f in fields]

    @staticmethod
    def _label_values(key: Any, exclude: str | None = None) -> list[str]:
        if isinstance(key, Mapping):
            return [_label_value(v) for k, v in key.items() if k != exclude]
        return [_label_value(key)] if exclude is None else []

    def _values(
        self,
        map_name: str,
        items: list[tuple[Any, Any]],
        cfg: MetricConfig,
        kind: MetricType,
        base: str,
        help_text: str,
    ) -> Iterator[Any]:
        from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily

        family_cls = CounterMetricFamily if kind == MetricType.COUNTER else GaugeMetricFamily
        families: dict[str, Any] = {}
        label_names: list[str] | None = None
        for key, value in items:
            if label_names is None:
                label_names = self._label_names(key, cfg)
            labels = self._label_values(key)
            for suffix, number in _numbers(total(value), cfg.value_field, map_name):
                fam = families.get(suffix)
                if fam is None:
                    name = f"{base}_{suffix}" if suffix else base
                    fam = families[suffix] = family_cls(name, help_text, labels=label_names)
                fam.add_metric(labels, number)
        if not families:  # an empty map still shows up, with no samples
            families[""] = family_cls(base, help_text, labels=label_names or [])
        yield from families.values()

    def _histogram(
        self,
        map_name: str,
        items: list[tuple[Any, Any]],
        cfg: MetricConfig,
        base: str,
        help_text: str,
    ) -> Any:
        from prometheus_client.core import HistogramMetricFamily
        from prometheus_client.utils import floatToGoString

        spec = cfg.hist_spec()
        hists = hist.histograms(items, spec, map_name)
        slot_name = hist.slot_field_of(items[0][0], spec.slot_field) if items else None
        label_names = self._label_names(items[0][0], cfg, slot_name or "") if items else []
        if items and not isinstance(items[0][0], Mapping):
            label_names = []
        family = HistogramMetricFamily(base, help_text, labels=label_names)
        slots = max([self._slots.get(map_name, 0), *(h.last_slot + 1 for h in hists.values())])
        self._slots[map_name] = slots
        for label, h in hists.items():
            buckets: list[tuple[str, float]] = [
                (floatToGoString(le), count) for le, count in h.cumulative(slots)
            ]
            buckets.append(("+Inf", h.total))
            sum_value, _exact = h.sum()
            values = [_label_value(v) for v in label.values()] if label is not None else []
            family.add_metric(values, buckets, sum_value)
        return family


def _numbers(value: Any, field: str | None, map_name: str) -> list[tuple[str, float]]:
    """(suffix, number) pairs for a value: ("", n) for a number or the chosen field, one per
    numeric field of a struct otherwise."""
    if isinstance(value, Mapping):
        if field is not None:
            if field not in value:
                raise ExportError(
                    f"map {map_name!r}: value has no field {field!r} (fields: {', '.join(value)})"
                )
            value = total(value[field])
        else:
            return [
                (k, v)
                for k, v in value.items()
                if isinstance(v, (int, float)) and not isinstance(v, bool)
            ]
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return []
    return [("", value)]


def _guess(name: str, items: list[tuple[Any, Any]]) -> MetricType:
    if name.lower().endswith(("hist", "histogram", "dist")):
        return MetricType.HISTOGRAM
    key = items[0][0] if items else None
    if isinstance(key, Mapping) and any(f in key for f in ("slot", "bucket")):
        return MetricType.HISTOGRAM
    return MetricType.COUNTER


# ---- serving ------------------------------------------------------------------------------------


@dataclass
class Server:
    """A running exporter: `port` (the real one when 0 was asked), `close()` to stop."""

    host: str
    port: int
    _server: Any
    _thread: threading.Thread

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/metrics"

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def serve(collector: MapCollector, port: int = 9435, host: str = "127.0.0.1") -> Server:
    """Serve `collector` at http://host:port/metrics from a background thread (port 0: any
    free port)."""
    from prometheus_client import CollectorRegistry, start_http_server

    registry = CollectorRegistry(auto_describe=False)
    registry.register(collector)
    try:
        server, thread = start_http_server(port, addr=host, registry=registry)
    except OSError as e:
        raise ExportError(f"cannot serve on {host}:{port}: {e.strerror or e}") from None
    return Server(host, int(server.server_address[1]), server, thread)


def configs(file: str | None, flags: Iterable[str], prefix: str | None, only: bool) -> ExportConfig:
    """The configuration from a file and flags (flags win)."""
    config = load_config(file) if file else ExportConfig()
    flag_maps = {c.map: c for c in (parse_metric_flag(f) for f in flags)}
    merged = config.merged(ExportConfig(DEFAULT_PREFIX, flag_maps, only))
    if prefix is not None:
        if prefix and not _METRIC_NAME.fullmatch(prefix):
            raise ExportError(f"--prefix {prefix!r} is not the start of a metric name")
        merged = replace(merged, prefix=prefix)
    return merged
