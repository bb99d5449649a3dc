"""A small HTTP server where every tenant uploads its own compiled eBPF filter.

    python examples/http_filter/app.py [--port 8080] [--engine jit|interp]

Requests to /<tenant>/<path> are decided by that tenant's filter (allow: 200, deny: 403);
a tenant without a filter is allowed everything. The filter sees `struct request`
(request.h, generated from LAYOUT below) and returns 1 to allow, anything else to deny.

    PUT    /_filters/<tenant>           body: the filter object (clang -target bpf -O2 -g)
    DELETE /_filters/<tenant>           remove it
    GET    /_filters/<tenant>/maps      the filter's maps (its counters), as JSON

A rejected upload answers 400 with one line: the helper that is not allowed, or the
verifier's reason with the C line.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import re
import threading
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from ebpy.embed import ContextLayout, Field, Plugin, PluginHost
from ebpy.errors import EbpyError
from ebpy.tools.mapview import view_map

LAYOUT = ContextLayout(
    "request",
    [
        Field("method", "u32", doc="1 GET, 2 HEAD, 3 POST, 4 PUT, 5 DELETE, 0 any other"),
        Field("path_len", "u32", doc="bytes in the path (more than 64: path holds the first 64)"),
        Field("path", "u8", 64, doc="the path after /<tenant>, NUL padded"),
        Field("header_count", "u32", doc="request headers"),
        Field("client_addr", "u32", doc="client IPv4 address, network byte order"),
        Field("client_port", "u16", doc="client port"),
    ],
)
METHODS = {"GET": 1, "HEAD": 2, "POST": 3, "PUT": 4, "DELETE": 5}
ALLOW = 1
TENANT = re.compile(r"^[A-Za-z0-9_-]{1,32}$")
UPLOAD_LIMIT = 1 << 20


class FilterServer(ThreadingHTTPServer):
    """The server and its tenants' plugins (one PluginHost for all)."""

    daemon_threads = True

    def __init__(self, address: tuple[str, int], engine: str = "jit", budget: int = 100_000):
        super().__init__(address, Handler)
        self.host = PluginHost(LAYOUT, engine=engine, budget=budget)
        self.plugins: dict[str, Plugin] = {}
        self.lock = threading.Lock()

    def install(self, tenant: str, obj: bytes) -> Plugin:
        plugin = self.host.load(obj, name=tenant)  # checks, verifies; raises on rejection
        with self.lock:
            old = self.plugins.get(tenant)
            self.plugins[tenant] = plugin
        if old is not None:
            old.close()
        return plugin

    def remove(self, tenant: str) -> bool:
        with self.lock:
            plugin = self.plugins.pop(tenant, None)
        if plugin is not None:
            plugin.close()
        return plugin is not None

    def server_close(self) -> None:
        super().server_close()
        with self.lock:
            plugins, self.plugins = list(self.plugins.values()), {}
        for plugin in plugins:
            plugin.close()


class Handler(BaseHTTPRequestHandler):
    server: FilterServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet: tests read the answers
        pass

    def do_GET(self) -> None:
        self._dispatch()

    def do_HEAD(self) -> None:
        self._dispatch()

    def do_POST(self) -> None:
        self._dispatch()

    def do_PUT(self) -> None:
        self._dispatch()

    def do_DELETE(self) -> None:
        self._dispatch()

    # ---- routing ----------------------------------------------------------------------------
    def _dispatch(self) -> None:
        route = self.path.split("?", 1)[0]
        parts = route.split("/", 3)  # "", first, second, rest
        if len(parts) >= 3 and parts[1] == "_filters" and TENANT.match(parts[2]):
            self._admin(parts[2], parts[3] if len(parts) > 3 else "")
        elif len(parts) >= 2 and TENANT.match(parts[1]):
            rest = route.split("/", 2)
            self._request(parts[1], "/" + rest[2] if len(rest) > 2 else "/")
        else:
            self._answer(HTTPStatus.NOT_FOUND, "no such tenant\n")

    def _admin(self, tenant: str, rest: str) -> None:
        if self.command == "PUT" and rest == "":
            length = int(self.headers.get("Content-Length") or 0)
            if length > UPLOAD_LIMIT:
                self._answer(HTTPStatus.REQUEST_ENTITY_TOO_LARGE, "filter too large\n")
                return
            obj = self.rfile.read(length)
            try:
                plugin = self.server.install(tenant, obj)
            except EbpyError as e:
                self._answer(HTTPStatus.BAD_REQUEST, f"{e}\n")
                return
            info = {"tenant": tenant, "program": plugin.program.name, "maps": sorted(plugin.maps)}
            self._answer(HTTPStatus.CREATED, json.dumps(info) + "\n", "application/json")
        elif self.command == "DELETE" and rest == "":
            found = self.server.remove(tenant)
            self._answer(HTTPStatus.NO_CONTENT if found else HTTPStatus.NOT_FOUND, "")
        elif self.command == "GET" and rest == "maps":
            plugin = self.server.plugins.get(tenant)
            if plugin is None:
                self._answer(HTTPStatus.NOT_FOUND, "no filter\n")
                return
            maps = {n: view_map(n, m).as_json() for n, m in plugin.maps.items()}
            self._answer(HTTPStatus.OK, json.dumps(maps) + "\n", "application/json")
        else:
            self._answer(HTTPStatus.METHOD_NOT_ALLOWED, "unknown filter operation\n")

    def _request(self, tenant: str, path: str) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(min(length, UPLOAD_LIMIT))
        plugin = self.server.plugins.get(tenant)
        if plugin is not None:
            raw = path.encode("utf-8", "surrogateescape")
            addr = ipaddress.ip_address(self.client_address[0])
            try:
                verdict = plugin.run(
                    method=METHODS.get(self.command, 0),
                    path_len=len(raw),
                    path=raw[:64],
                    header_count=len(self.headers),
                    client_addr=int.from_bytes(addr.packed, "little") if addr.version == 4 else 0,
                    client_port=self.client_address[1],
                )
            except EbpyError as e:  # over its budget, say: the request fails, the server not
                self._answer(HTTPStatus.INTERNAL_SERVER_ERROR, f"filter failed: {e}\n")
                return
            if verdict != ALLOW:
                self._answer(HTTPStatus.FORBIDDEN, "denied by the tenant's filter\n")
                return
        self._answer(HTTPStatus.OK, f"{tenant}: {self.command} {path} allowed\n")

    def _answer(self, status: HTTPStatus, body: str, ctype: str = "text/plain") -> None:
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=8080)
    ap.add_argument("--bind", default="127.0.0.1")
    ap.add_argument("--engine", choices=("jit", "interp"), default="jit")
    ap.add_argument("--header", action="store_true", help="print request.h and exit")
    args = ap.parse_args()
    if args.header:
        print(LAYOUT.c_header(), end="")
        return
    with FilterServer((args.bind, args.port), args.engine) as server:
        print(f"serving on http://{args.bind}:{server.server_address[1]}/", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()
