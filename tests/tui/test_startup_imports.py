"""Start-up to a plain first card loads only what that card needs (the rest comes on use)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tandem.config.settings import PersonSettings
from tandem.services import Services

from .conftest import add_card

# Runs ``tandem review`` headless on the database given, and lists the modules loaded
# when the first card is on screen.
FIRST_CARD = """
import sys
from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.tui import TandemApp
from tandem.tui.widgets.card import CardView
app = TandemApp(build_services(resolve_paths(sys.argv[1])), review_as="alice", sync_on_start=False)
async def pilot(p):
    while not any(view.display and view.question for view in app.screen.query(CardView)):
        await p.pause(0.01)
    loaded[:] = sorted(sys.modules)
    app.exit()
loaded = []
app.run(headless=True, auto_pilot=pilot)
print("\\n".join(loaded))
"""
LATER = [
    "markdown_it",  # Markdown: the first card is plain
    "textual.widgets._markdown",
    "textual.widgets._data_table",  # the help screen
    "tandem.tui.palette",  # the command palette
    "tandem.tui.screens.help",
    "tandem.tui.screens.home",
    "tandem.services.sync.sync",  # the start-up sync is off
    "tandem.services.study.cram",  # only a cram sitting needs it
    "tandem.storage.card_query",  # searches: the sitting here is not focused
    "tandem.tui.widgets.summary",  # the end of the sitting
    "pydantic",  # settings are read back without it
    "tomlkit",  # only writing config.toml or an edited front matter needs it
]


@pytest.mark.parametrize("config_file", ["", 'theme = "nord"\n'])
def test_a_plain_first_card_loads_no_markdown_palette_or_help(
    svc: Services, tmp_path: Path, config_file: str
) -> None:
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(new_per_day=50, timezone="UTC"))
    add_card(svc, "plain001", "el perro", "the dog", title="Spanish")
    if config_file:
        svc.paths.config_file.parent.mkdir(parents=True, exist_ok=True)
        svc.paths.config_file.write_text(config_file)
    svc.close()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CARD, str(tmp_path / "tandem.db")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    loaded = set(done.stdout.split())
    assert "tandem.tui.screens.review" in loaded
    assert not {name for name in LATER if name in loaded}
    assert ("tandem.config.app_file" in loaded) == bool(config_file)
