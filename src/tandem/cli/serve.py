"""Provides ``tandem serve``: the same app in a browser tab, on this machine only."""

from __future__ import annotations

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
@handle_errors
def serve(port: int, person: str | None) -> None:
    """Serve the TUI in a browser at http://127.0.0.1:PORT (needs tandem[web])."""
    try:
        from textual_serve.server import Server
    except ImportError:
        say("tandem: serve needs the web extra: pip install 'tandem[web]'", err=True)
        sys.exit(int(ExitCode.ERROR))
    paths = cli_state().paths()
    command = [sys.executable, "-m", "tandem", "--db", str(paths.db), "--decks", str(paths.decks)]
    if person:
        command += ["review", "--as", person]
    say(f"tandem on http://{HOST}:{port} (ctrl+c stops it)")
    Server(shlex.join(command), host=HOST, port=port, title="tandem").serve()
