"""Tools on top of the engines: reading what programs keep in maps and send in buffers.

- histograms: `histogram` (the model, from maps), `histtext` (BCC's text), `histrich`
  (rich bars), `plot` (PNG/SVG); counts and top-N: `summary`; both printed by `report`;
- events: `events` (records decoded through BTF), `filter` (filter expressions), `streams`
  (ring and perf buffers read while programs run);
- `export`: a Prometheus exporter of maps;
- `sources` (where programs run: captures, supervised commands, test runs, the kernel,
  pinned maps) and `options` (their command-line options);
- the reference tools: objects in `bpf/` (`objects` rebuilds them), front ends in `ref/`;
- `mapview` (maps as rows for `ebpy maps`), `apidoc` (the API reference in docs/api).
"""
