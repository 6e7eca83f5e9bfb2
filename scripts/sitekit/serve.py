"""Serve a built site on loopback like a static host, optionally gzip-compressed."""

from __future__ import annotations

import gzip
import io
import socket
import sys
import threading
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

COMPRESSIBLE = (".html", ".css", ".js", ".mjs", ".json", ".svg", ".xml", ".txt")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class StaticHandler(SimpleHTTPRequestHandler):
    # Module scripts are refused unless served with a JavaScript MIME type.
    extensions_map = {**SimpleHTTPRequestHandler.extensions_map, ".mjs": "text/javascript",
                      ".js": "text/javascript", ".svg": "image/svg+xml"}
    use_gzip = False
    # Compressed bodies by (file, mtime): the test suite loads the same assets hundreds of times.
    compressed: dict[tuple[str, int], bytes] = {}

    def log_message(self, format: str, *args) -> None:  # keep test output quiet
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        wants_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (self.use_gzip and wants_gzip and path.suffix in COMPRESSIBLE and path.is_file()):
            return super().send_head()
        key = (str(path), path.stat().st_mtime_ns)
        if key not in self.compressed:
            self.compressed[key] = gzip.compress(path.read_bytes(), compresslevel=6)
        body = self.compressed[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


class QuietServer(ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        # A browser that closes a page mid-download resets the connection; a static host shrugs
        # that off. Anything else is a real fault in the handler: report it as the base class does.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


@contextmanager
def serve(site_dir: Path, port: int | None = None, use_gzip: bool = False) -> Iterator[str]:
    """Serve site_dir on 127.0.0.1 and yield its base URL (with a trailing slash)."""
    handler = type("Handler", (StaticHandler,), {"use_gzip": use_gzip})
    server = QuietServer(("127.0.0.1", port or free_port()),
                                 partial(handler, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
