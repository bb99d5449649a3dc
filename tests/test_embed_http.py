"""The embedding example end to end: examples/http_filter/app.py serving on localhost, tenants
uploading compiled filters over HTTP, requests decided by them, counters read back."""

from __future__ import annotations

import http.client
import importlib.util
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

import ebpy

ROOT = Path(__file__).resolve().parent.parent
APP_DIR = ROOT / "examples" / "http_filter"


def _app() -> Any:
    spec = importlib.util.spec_from_file_location("http_filter_app", APP_DIR / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


app = _app()


class Client:
    def __init__(self, port: int) -> None:
        self.port = port

    def request(self, method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> tuple[int, str]:  # fmt: skip
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers or {})
            resp = conn.getresponse()
            return resp.status, resp.read().decode()
        finally:
            conn.close()

    def maps(self, tenant: str) -> dict[str, dict[Any, Any]]:
        status, text = self.request("GET", f"/_filters/{tenant}/maps")
        assert status == 200, text
        return {
            name: {e["key"]: e["value"] for e in m["entries"]}
            for name, m in json.loads(text).items()
        }


def serve(engine: str, budget: int = 100_000) -> Iterator[Client]:
    server = app.FilterServer(("127.0.0.1", 0), engine=engine, budget=budget)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Client(server.server_address[1])
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=30)


@pytest.fixture(params=["jit", "interp"])
def client(request: pytest.FixtureRequest) -> Iterator[Client]:
    yield from serve(request.param)


def test_shipped_filter_and_header_match_their_sources(compile_bpf) -> None:
    assert (APP_DIR / "request.h").read_text() == app.LAYOUT.c_header()
    fresh = compile_bpf((APP_DIR / "tenant_filter.c").read_text(), "tenant", (f"-I{APP_DIR}",))
    a = ebpy.load_spec(fresh).programs["tenant_filter"].instructions
    b = ebpy.load_spec(APP_DIR / "tenant_filter.o").programs["tenant_filter"].instructions
    assert a == b


def test_tenants_filters_decide_their_requests(client: Client) -> None:
    obj = (APP_DIR / "tenant_filter.o").read_bytes()
    assert client.request("GET", "/acme/admin")[0] == 200  # no filter yet: allowed
    status, text = client.request("PUT", "/_filters/acme", obj)
    assert status == 201, text
    assert json.loads(text) == {
        "tenant": "acme", "program": "tenant_filter", "maps": ["decisions", "methods"],
    }  # fmt: skip
    assert client.request("GET", "/acme/hello")[0] == 200
    assert client.request("GET", "/acme/admin")[0] == 403
    assert client.request("POST", "/acme/admin/users", b"x")[0] == 403
    assert client.request("GET", "/acme/administrator")[0] == 200  # not under /admin
    assert client.request("DELETE", "/acme/item/1")[0] == 403
    assert client.request("PUT", "/acme/item/1", b"{}")[0] == 200
    many = {f"X-H{i}": "1" for i in range(40)}
    assert client.request("GET", "/acme/hello", headers=many)[0] == 403
    status, text = client.request("GET", "/acme/hello?x=1")
    assert (status, text) == (200, "acme: GET /hello allowed\n")
    assert client.request("GET", "/other/admin")[0] == 200  # another tenant: no filter
    maps = client.maps("acme")
    assert maps["decisions"] == {0: 4, 1: 4}
    assert maps["methods"] == {1: 5, 3: 1, 4: 1, 5: 1}  # GET, POST, PUT, DELETE
    # Replacing a filter starts from fresh maps; removing it allows everything again.
    assert client.request("PUT", "/_filters/acme", obj)[0] == 201
    assert client.maps("acme")["decisions"] == {0: 0, 1: 0}
    assert client.request("DELETE", "/_filters/acme")[0] == 204
    assert client.request("GET", "/acme/admin")[0] == 200


BAD_HELPER = r"""
#include "request.h"
SEC("plugin") int spy(struct request *req) {
    char comm[16];
    bpf_get_current_comm(comm, sizeof(comm));
    return comm[0] == 'p';
}
char _license[] SEC("license") = "GPL";
"""

UNSAFE = r"""
#include "request.h"
SEC("plugin") int peek(struct request *req) {
    return req->path[req->path_len];   /* a variable offset into the context */
}
char _license[] SEC("license") = "GPL";
"""

SPIN = r"""
#include "request.h"
SEC("plugin") int spin(struct request *req) {
    __u32 acc = 0;
    for (__u32 i = 0; i < 3000; i++)
        acc ^= i * req->client_port;
    return acc == 12345;
}
char _license[] SEC("license") = "GPL";
"""


def test_rejected_uploads_say_why_in_one_line(client: Client, compile_bpf) -> None:
    flags = (f"-I{APP_DIR}",)
    status, text = client.request(
        "PUT", "/_filters/evil", compile_bpf(BAD_HELPER, "spy", flags).read_bytes()
    )
    assert status == 400 and text.count("\n") == 1
    assert "evil: insn" in text and "calls bpf_get_current_comm" in text
    assert "bpf_get_current_comm(comm, sizeof(comm));" in text
    status, text = client.request(
        "PUT", "/_filters/evil", compile_bpf(UNSAFE, "peek", flags).read_bytes()
    )
    assert status == 400 and text.count("\n") == 1
    assert "req->path[req->path_len]" in text
    status, text = client.request("PUT", "/_filters/evil", b"not an object")
    assert status == 400 and text.count("\n") == 1
    assert client.request("GET", "/_filters/evil/maps")[0] == 404  # nothing was installed
    assert client.request("GET", "/evil/anything")[0] == 200


def test_a_filter_over_its_budget_fails_the_request_not_the_server(compile_bpf) -> None:
    obj = compile_bpf(SPIN, "spin", (f"-I{APP_DIR}",)).read_bytes()
    for c in serve("jit", budget=10_000):
        assert c.request("PUT", "/_filters/slow", obj)[0] == 201
        status, text = c.request("GET", "/slow/x")
        assert status == 500 and "instruction budget of 10000 exhausted" in text
        assert c.request("GET", "/other/x")[0] == 200
