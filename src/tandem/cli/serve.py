"""Provides ``tandem serve``: the same app in a browser tab, on this machine only."""

from __future__ import annotations

import secrets
import shlex
import sys

import click

from tandem.cli.common import cli_state, global_options, handle_errors, say
from tandem.models import ExitCode

HOST = "127.0.0.1"
"""Only this machine can connect; partners elsewhere use ssh port forwarding (README)."""


@click.command()
@global_options
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--as", "person", metavar="NAME", help="Open NAME's review instead of home.")
@click.option("--open", "open_browser", is_flag=True, help="Open the URL in a browser too.")
@handle_errors
def serve(port: int, person: str | None, open_browser: bool) -> None:
    """Serve the TUI in a browser at http://127.0.0.1:PORT (needs tandem[web]).

    Only this machine can connect, and only with the URL printed at start: it holds a
    token made anew for each run (docs/serve.md says what it guards against).
    """
    try:
        from tandem.cli.serve_app import GuardedServer
    except ImportError:
        say("tandem: serve needs the web extra: pip install 'tandem[web]'", err=True)
        sys.exit(int(ExitCode.ERROR))
    paths = cli_state().paths()
    command = [sys.executable, "-m", "tandem", "--db", str(paths.db), "--decks", str(paths.decks)]
    if person:
        command += ["review", "--as", person]
    token = secrets.token_urlsafe(24)
    url = f"http://{HOST}:{port}/?token={token}"
    say(f"tandem on {url}\n(the token in the URL is the key: keep it to yourself; ctrl+c stops)")
    if open_browser:
        import webbrowser

        webbrowser.open(url)
    server = GuardedServer(shlex.join(command), host=HOST, port=port, token=token, title="tandem")
    server.serve()
