"""Provides the web server of ``tandem serve``: textual-serve, guarded (docs/serve.md).

Anything that reaches the port could otherwise drive the app as anyone: another local user,
or a web page in the user's own browser (a WebSocket is not bound by the same-origin rule,
and DNS rebinding can make a page's own host name point at 127.0.0.1). So every request
must name this server's host, a browser's ``Origin`` must be this server, and every request
but the static files must carry the token printed at start (in the URL, then a cookie).
"""

from __future__ import annotations

import hmac
from typing import Any

import aiohttp_jinja2
import jinja2
from aiohttp import web
from textual_serve.server import Server

COOKIE = "tandem_token"
_STATIC = "/static/"


class GuardedServer(Server):
    """textual-serve's server, answering only its own host and origin, and the token."""

    def __init__(self, command: str, *, host: str, port: int, token: str, title: str) -> None:
        super().__init__(command, host=host, port=port, title=title)
        self.token = token
        self.hosts = {f"{host}:{port}", f"localhost:{port}"}
        self.origins = {f"http://{name}" for name in self.hosts}

    async def _make_app(self) -> web.Application:
        """The routes of textual-serve, the WebSocket's under the token, behind ``_guard``."""
        app = web.Application(middlewares=[self._guard])
        aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path))
        app.add_routes(
            [
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.get("/download/{key}", self.handle_download, name="download"),
                web.static("/static", self.statics_path, show_index=False, name="static"),
            ]
        )
        app.on_startup.append(self.on_startup)
        app.on_shutdown.append(self.on_shutdown)
        return app

    @web.middleware
    async def _guard(self, request: web.Request, handler: Any) -> web.StreamResponse:
        refused = self.refusal(request)
        if refused is not None:
            raise web.HTTPForbidden(text=f"tandem serve: {refused}\n")
        response: web.StreamResponse = await handler(request)
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        if request.path == "/":
            response.headers["Cache-Control"] = "no-store"
            response.set_cookie(COOKIE, self.token, httponly=True, samesite="Strict", path="/")
        return response

    def refusal(self, request: web.Request) -> str | None:
        """Why ``request`` is refused, or None."""
        if request.host not in self.hosts:
            return "unknown Host (this server answers 127.0.0.1 and localhost only)"
        origin = request.headers.get("Origin")
        if origin is not None and origin not in self.origins:
            return "foreign Origin"
        if request.path.startswith(_STATIC):
            return None
        given = (
            request.match_info.get("token"),
            request.query.get("token"),
            request.cookies.get(COOKIE),
        )
        if not any(value and hmac.compare_digest(value, self.token) for value in given):
            return "the token is missing or wrong: open the URL tandem serve printed"
        return None

    async def handle_index(self, request: web.Request) -> web.Response:
        """The page, with the WebSocket URL (token included) on the host the browser used."""
        base = f"http://{request.host}"
        socket = request.app.router["websocket"].url_for(token=self.token)
        context = {
            "font_size": _font_size(request.query.get("fontsize", "16")),
            "app_websocket_url": f"ws://{request.host}{socket}",
            "config": {"static": {"url": f"{base}{_STATIC}"}},
            "application": {"name": self.title},
        }
        return aiohttp_jinja2.render_template("app_index.html", request, context)


def _font_size(value: str) -> int:
    try:
        return max(6, min(int(value), 64))
    except ValueError:
        return 16
