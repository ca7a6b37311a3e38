"""tandem serve: the app in a browser tab, on the loopback address only."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from click.testing import CliRunner

from tandem.cli import cli


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_serve_without_the_web_extra_says_how_to_get_it(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    monkeypatch.delitem(sys.modules, "tandem.cli.serve_app", raising=False)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 1
    assert "pip install 'tandem[web]'" in result.output


def test_serve_binds_to_loopback_and_runs_tandem(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    seen: dict[str, object] = {}

    class FakeServer:
        def __init__(self, command: str, *, host: str, port: int, token: str, title: str) -> None:
            seen.update(command=command, host=host, port=port, token=token)

        def serve(self) -> None:
            seen["served"] = True

    import tandem.cli.serve_app

    monkeypatch.setattr(tandem.cli.serve_app, "GuardedServer", FakeServer)
    result = CliRunner().invoke(cli, ["serve", "--port", "8123", "--as", "alice"])
    assert result.exit_code == 0, result.output
    assert (seen["host"], seen["port"], seen["served"]) == ("127.0.0.1", 8123, True)
    assert f"http://127.0.0.1:8123/?token={seen['token']}" in result.output
    assert len(str(seen["token"])) >= 32
    command = str(seen["command"])
    assert "-m tandem --db" in command
    assert str(tmp_path / "tandem.db") in command
    assert command.endswith("review --as alice")


@pytest.mark.slow
def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    port = _free_port()
    src = str(Path(__file__).parent.parent / "src")
    env = {**os.environ, "PYTHONPATH": src}
    server = subprocess.Popen(
        [sys.executable, "-m", "tandem", "serve", "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env,
    )  # fmt: skip
    try:
        assert server.stdout is not None
        url = server.stdout.readline().decode().split()[-1]  # "tandem on URL"
        page = ""
        for _ in range(100):
            try:
                with urllib.request.urlopen(url, timeout=1) as reply:
                    page = reply.read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "tandem" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
