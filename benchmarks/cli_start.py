"""``tandem review`` on a real terminal, from the command line to its first card.

Run it in a terminal (tmux will do): ``python benchmarks/cli_start.py [--runs 9]``. Where
``startup.py`` starts the app headless from Python, this starts it as ``tandem review --as me``
does (``tandem.cli.main``: argument parsing, the image question to the terminal when the
decks folder has ``media/``, the terminal driver), on a copy of the sample decks, beside a
minimal Textual app on the same terminal. The two alternate run by run. Prints the median,
min and max milliseconds from process start to the first frame showing the card, and their
ratio. The first frame is found by a hook on Textual's private ``App._display`` (benchmark
only), which then quits the app; ``TANDEM_HOME``, ``TANDEM_DB`` and ``TANDEM_DECKS`` point
into a temporary folder.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DECKS = Path(__file__).resolve().parent.parent / "decks"
HOOK = """
import os, sys, time
from textual.app import App
def hook(shown):
    display = App._display
    def timed(app, screen, update):
        display(app, screen, update)
        if update is not None and not app._batch_count and shown(screen):
            with open(os.environ["FIRST_FRAME"], "w") as out:
                out.write(f"{time.time()} {time.process_time()}")
            App._display = display
            app.call_later(app.exit)
    App._display = timed
"""
TANDEM = (
    HOOK
    + """
from tandem.tui.widgets.card import CardView
hook(lambda screen: any(v.display and v.question for v in screen.query(CardView)))
sys.argv = ["tandem", "review", "--as", "me"]
from tandem.cli import main
main()
"""
)
MINIMAL = (
    HOOK
    + """
from textual.widgets import Static
class Minimal(App):
    def compose(self):
        yield Static("first card")
hook(lambda screen: bool(screen.query(Static)))
Minimal().run()
"""
)


def _home(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env.update(TANDEM_HOME=str(root), TANDEM_DB=str(root / "t.db"))
    env.update(TANDEM_DECKS=str(root / "decks"), PYTHONPYCACHEPREFIX=str(root / "pycache"))
    shutil.copytree(DECKS, root / "decks")
    for args in (["people", "add", "me"], ["sync"]):
        subprocess.run([sys.executable, "-m", "tandem", *args], env=env, check=True,
                       capture_output=True)  # fmt: skip
    return env


def _first_frame_ms(code: str, env: dict[str, str], frame_file: Path) -> tuple[float, float]:
    """Wall and CPU milliseconds from process start to the first frame (CPU: the machine's
    other work barely moves it; wall: counts waiting for the terminal too)."""
    frame_file.unlink(missing_ok=True)
    start = time.time()
    subprocess.run([sys.executable, "-c", code], env={**env, "FIRST_FRAME": str(frame_file)},
                   check=True, timeout=120)  # fmt: skip
    wall, cpu = (float(part) for part in frame_file.read_text().split())
    return (wall - start) * 1000, cpu * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--report", type=Path, help="also write the figures to this file")
    args = parser.parse_args()
    if not (sys.stdout.isatty() and sys.stdin.isatty()):
        sys.exit("cli_start.py: run it in a terminal")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        env = _home(root)
        found: dict[str, list[tuple[float, float]]] = {"tandem": [], "minimal": []}
        for run in range(args.runs + 1):
            for name, code in (("tandem", TANDEM), ("minimal", MINIMAL)):
                ms = _first_frame_ms(code, env, root / "frame")
                if run:  # the first run writes the bytecode
                    found[name].append(ms)
    lines = [f"{'first frame':<22} {'median ms':>10} {'min ms':>8} {'max ms':>8}"]
    ratios = []
    for kind, index in (("wall", 0), ("cpu", 1)):
        medians = []
        for name, label in (("tandem", "tandem review"), ("minimal", "minimal textual app")):
            values = [times[index] for times in found[name]]
            medians.append(statistics.median(values))
            lines.append(f"{label + ', ' + kind:<22} {medians[-1]:>10.0f} {min(values):>8.0f} "
                         f"{max(values):>8.0f}")  # fmt: skip
        ratios.append(f"{kind} {medians[0] / medians[1]:.2f}")
    lines.append("ratio (median/median): " + ", ".join(ratios))
    print("\n".join(lines))
    if args.report:
        args.report.write_text("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
