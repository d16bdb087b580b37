"""The WebSocket handshake as phones make it: offered compression is declined.

Browsers offer ``permessage-deflate`` and simple-websocket always accepts it. Each compressed
connection then keeps its own zlib streams (about 300 KB) and deflates every delivery on its
own: at 1,000 phones that is ~300 MB of memory and most of a core for deltas of a few hundred
bytes (measured with ``bench/scale.py``). Tavola's deltas are small and sent a few times a
second at most, so they go uncompressed; pages, scripts and styles are still gzip/brotli.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]


class DeclineWebSocketCompression:
    """WSGI middleware: drop ``Sec-WebSocket-Extensions`` from Socket.IO upgrade requests, so
    the server answers without any extension and the browser sends and expects plain frames."""

    def __init__(self, app: WSGIApp, path: str = "/socket.io") -> None:
        self.app = app
        self.path = path

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if "HTTP_SEC_WEBSOCKET_EXTENSIONS" in environ and environ.get("PATH_INFO", "").startswith(
            self.path
        ):
            del environ["HTTP_SEC_WEBSOCKET_EXTENSIONS"]
        return self.app(environ, start_response)
