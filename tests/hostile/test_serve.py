"""Item 4: ``tandem serve`` answers only its own host and origin, and only with the token."""

from __future__ import annotations

import asyncio
import socket
import subprocess
import sys
from pathlib import Path

import aiohttp
import pytest
from aiohttp.test_utils import TestServer

from tests.hostile.conftest import child_env

TOKEN = "t0ken-for-tests-0123456789abcdef"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def _serve(port: int) -> TestServer:
    from tandem.cli.serve_app import GuardedServer

    guarded = GuardedServer("true", host="127.0.0.1", port=port, token=TOKEN, title="tandem")
    app = await guarded._make_app()
    app.on_startup.clear()  # textual-serve's banner
    server = TestServer(app, host="127.0.0.1", port=port)
    await server.start_server()
    return server


async def _status(port: int, path: str, headers: dict[str, str]) -> int:
    async with (
        aiohttp.ClientSession() as session,
        session.get(f"http://127.0.0.1:{port}{path}", headers=headers) as reply,
    ):
        return reply.status


@pytest.mark.parametrize(
    ("path", "headers", "status"),
    [
        ("/?token=" + TOKEN, {}, 200),
        ("/", {"Cookie": f"tandem_token={TOKEN}"}, 200),
        ("/", {}, 403),  # no token
        ("/?token=guess", {}, 403),
        ("/?token=" + TOKEN, {"Origin": "http://evil.example.com"}, 403),
        ("/?token=" + TOKEN, {"Host": "evil.example.com:{port}"}, 403),  # DNS rebinding
        ("/?token=" + TOKEN, {"Origin": "http://localhost:{port}"}, 200),  # ssh forwarding
        ("/static/css/xterm.css", {}, 200),  # textual-serve's own files need no token
        ("/download/x", {}, 403),
    ],
)
async def test_requests_need_the_host_the_origin_and_the_token(
    path: str, headers: dict[str, str], status: int
) -> None:
    port = _free_port()
    server = await _serve(port)
    try:
        filled = {key: value.format(port=port) for key, value in headers.items()}
        assert await _status(port, path, filled) == status
    finally:
        await server.close()


async def test_a_websocket_from_a_foreign_origin_is_refused() -> None:
    port = _free_port()
    server = await _serve(port)
    try:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(
                    f"ws://127.0.0.1:{port}/ws/{TOKEN}?width=80&height=24",
                    headers={"Origin": "http://evil.example.com"},
                )
            assert refused.value.status == 403
            with pytest.raises(aiohttp.WSServerHandshakeError) as no_token:
                await session.ws_connect(
                    f"ws://127.0.0.1:{port}/ws/wrong?width=80&height=24",
                    headers={"Origin": f"http://127.0.0.1:{port}"},
                )
            assert no_token.value.status == 403
    finally:
        await server.close()


async def test_the_page_points_its_websocket_at_the_token() -> None:
    port = _free_port()
    server = await _serve(port)
    try:
        async with (
            aiohttp.ClientSession() as session,
            session.get(f"http://127.0.0.1:{port}/?token={TOKEN}") as reply,
        ):
            page = await reply.text()
            assert f"ws://127.0.0.1:{port}/ws/{TOKEN}" in page
            assert reply.headers["Referrer-Policy"] == "no-referrer"
            assert reply.cookies["tandem_token"]["samesite"] == "Strict"
    finally:
        await server.close()


@pytest.mark.slow
def test_a_running_serve_refuses_a_foreign_origin_and_serves_its_own(tmp_path: Path) -> None:
    port = _free_port()
    env = child_env()
    server = subprocess.Popen(
        [sys.executable, "-m", "tandem", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().decode().split()[-1]
        assert url.startswith(f"http://127.0.0.1:{port}/?token=")
        token = url.rpartition("=")[2]

        async def probe() -> tuple[int, int, int]:
            for _ in range(100):
                try:
                    own = await _status(port, f"/?token={token}", {})
                    break
                except aiohttp.ClientConnectorError:
                    await asyncio.sleep(0.1)
            foreign = await _status(port, f"/?token={token}", {"Origin": "http://evil.example.com"})
            bare = await _status(port, "/", {})
            return own, foreign, bare

        assert asyncio.run(probe()) == (200, 403, 403)
    finally:
        server.terminate()
        server.wait(timeout=10)
