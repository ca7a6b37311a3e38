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
# when the first frame showing the card is written (Textual's private ``App._display``,
# hooked here only), then, with ``--settled``, once the screen is idle before any key.
FIRST_CARD = """
import sys
from textual.app import App
from tandem.config import resolve_paths
from tandem.services import build_services
from tandem.tui import TandemApp
from tandem.tui.widgets.card import CardView
display = App._display
def hooked(app, screen, update):
    display(app, screen, update)
    shown = any(view.display and view.question for view in screen.query(CardView))
    if not loaded and update is not None and not app._batch_count and shown:
        loaded[:] = sorted(sys.modules)
App._display = hooked
app = TandemApp(build_services(resolve_paths(sys.argv[1])), review_as="alice", sync_on_start=False)
async def pilot(p):
    while not loaded:
        await p.pause(0.01)
    if "--settled" in sys.argv:
        await p.app.workers.wait_for_complete()
        await p.pause(0.2)
        loaded[:] = sorted(sys.modules)
    app.exit()
loaded = []
app.run(headless=True, auto_pilot=pilot)
print("\\n".join(loaded))
"""
ANSWERING = ["tandem.scheduling.scheduler", "tandem.services.logs.journal"]
"""What the first reveal (the grade buttons' intervals) and grade (the shared log) need."""
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
    *ANSWERING,  # loaded just after the first frame
    "pydantic",  # settings are read back without it
    "tomlkit",  # only writing config.toml or an edited front matter needs it
]


def _loaded(svc: Services, tmp_path: Path, config_file: str = "", *args: str) -> set[str]:
    """The modules ``tandem review --as alice`` has loaded at its first card (``args``:
    ``--settled``, once the screen is idle after it), one plain card in the database."""
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(new_per_day=50, timezone="UTC"))
    add_card(svc, "plain001", "el perro", "the dog", title="Spanish")
    if config_file:
        svc.paths.config_file.parent.mkdir(parents=True, exist_ok=True)
        svc.paths.config_file.write_text(config_file)
    svc.close()
    done = subprocess.run(
        [sys.executable, "-c", FIRST_CARD, str(tmp_path / "tandem.db"), *args],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    return set(done.stdout.split())


@pytest.mark.parametrize("config_file", ["", 'theme = "nord"\n'])
def test_a_plain_first_card_loads_no_markdown_palette_or_help(
    svc: Services, tmp_path: Path, config_file: str
) -> None:
    loaded = _loaded(svc, tmp_path, config_file)
    assert "tandem.tui.screens.review" in loaded
    assert not {name for name in LATER if name in loaded}
    assert ("tandem.config.app_file" in loaded) == bool(config_file)


def test_the_first_reveal_and_grade_find_their_modules_loaded(
    svc: Services, tmp_path: Path
) -> None:
    # Loaded after the first frame, while the question is read, not on the first key.
    loaded = _loaded(svc, tmp_path, "", "--settled")
    assert set(ANSWERING) <= loaded
    assert "markdown_it" not in loaded  # the plain answer needs no Markdown either
