"""Benchmark: hostile inputs, timed as they grow (the tests only check they finish).

Run: ``python benchmarks/hostile.py [--quick] [--json FILE] [--log-lines N] [--only PART]``

- the cloze scan of an adversarial line (``{{c1::`` and 100 colons, repeated) at 1, 2, 4, 8x
  its size, and Anki's pattern on the first sizes: linear against cubic growth;
- the patterns that read imported and exported text (an Anki field's ``<`` and colons, a line
  of dashes, ``![`` and ``](media/`` repeated) on lines of 100 KB to 800 KB: linear, where the
  patterns they replaced took 17 to 47 s at 20 to 40 KB, growing with the square;
- front matter with 1,000 to 16,000 unknown keys (``tandem check``);
- ``tandem check`` of 10 MB decks of several shapes: seconds and peak RSS;
- ``tandem sync`` of 10 MB decks: 300,000 cards with ids, and 900,000 tiny cards without
  (refused: their ids would pass 10 MB): seconds and peak RSS;
- ``tandem import`` of a package with 3 x 60 MB of media (2 x 20 MB with --quick);
- ``tandem log import`` of 200,000 lines (half with --quick; ``--log-lines 1000000 10000000``
  for the issue's 10M-line log beside a million, to see whether memory stays flat), into an
  empty log (the direct path) and into a log that already holds a review (the staging
  table; ``--log-path`` picks one): seconds, CPU seconds and peak RSS.

Peak RSS is the kernel's count for a tandem process of its own (``ru_maxrss``), CPU seconds
its user and system time: on a shared machine the wall time is noisy, these are not.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tandem.interop.foreign_media import MediaReader
from tandem.interop.html_md_builder import escape_inline
from tandem.interop.html_md_lines import escape_line
from tandem.interop.md_html import media_names
from tandem.models.cloze import deletions

SRC = str(Path(__file__).resolve().parent.parent / "src")
ANKI_CLOZE = re.compile(r"\{\{c(\d+)::(.*?)(?:::(.*?))?\}\}", re.DOTALL)
UNIT = "{{c1::" + ":" * 100
PEAK = (
    "import resource, subprocess, sys, time\n"
    "start = time.perf_counter()\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True)\n"
    "used = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
    "print(done.returncode, time.perf_counter() - start, used.ru_maxrss, used.ru_utime,"
    " used.ru_stime)\n"
)
SHAPES = {
    "tiny cards": "Q: q\nA: a\n\n",
    "one id 300,000 times": "Q: q\nA: a\n<!-- id: abcd1234 -->\n\n",
    "answers without a question": "A:\n",
    "short notes lines": "ab\n",
    "control characters": "\x07x\n",
    "clozes": "C: {{c1::x}}\n\n",
    "adversarial cloze lines": "C: " + UNIT * 150 + "\n",
}


def seconds(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def tandem(env: dict[str, str], *args: str) -> dict[str, float]:
    """Runs tandem under a fresh parent: exit code, seconds, CPU seconds (user, system) and
    peak RSS in MB."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "-m", "tandem", *args],
        capture_output=True, text=True, env=env, check=True,
    )  # fmt: skip
    code, took, kb, user, system = done.stdout.split()
    return {"exit": int(code), "s": round(float(took), 2), "user_s": round(float(user), 2),
            "sys_s": round(float(system), 2), "peak_mb": round(int(kb) / 1024, 1)}  # fmt: skip


def cloze_growth(quick: bool) -> dict[str, list[float]]:
    sizes = [150, 300, 600, 1200] if not quick else [150, 300]
    ours = [seconds(lambda n=n: list(deletions(UNIT * n))) for n in sizes]
    anki = [seconds(lambda n=n: list(ANKI_CLOZE.finditer(UNIT * n))) for n in (5, 10, 20)]
    print("cloze scan, adversarial line of 16 KB x 1, 2, 4, 8:")
    print("  tandem  " + "  ".join(f"{s * 1000:8.3f} ms" for s in ours))
    print("  Anki's pattern at 0.5, 1, 2 KB: " + "  ".join(f"{s:7.3f} s" for s in anki))
    return {"tandem_s": ours, "anki_pattern_s_at_0.5_1_2_kb": anki}


def pattern_growth(quick: bool) -> dict[str, list[float]]:
    sizes = [100_000, 200_000] if quick else [100_000, 200_000, 400_000, 800_000]
    reader = MediaReader(Path(tempfile.gettempdir()))
    lines: dict[str, tuple[Callable[[str], object], str]] = {
        "inline escapes, '<' and colons": (escape_inline, ":"),
        "line escapes, dashes and a letter": (escape_line, "-"),
        "image links, '![' repeated": (lambda text: reader.relink(text, reader.root, []), "!["),
        "media names, '](media/' repeated": (media_names, "](media/"),
    }
    found = {}
    print("patterns on lines of " + ", ".join(f"{n // 1000} KB" for n in sizes) + ":")
    for name, (scan, unit) in lines.items():
        texts = [("<" if unit == ":" else "") + unit * (n // len(unit)) + "x" for n in sizes]
        found[name] = [seconds(lambda t=text, s=scan: s(t)) for text in texts]
        print(f"  {name:<36} " + "  ".join(f"{t * 1000:8.1f} ms" for t in found[name]))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="smaller sizes, fewer shapes")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    parser.add_argument("--log-lines", type=int, nargs="+", help="sizes of the log import")
    parser.add_argument("--log-cards", type=int, default=1000, help="cards the log reviews")
    parser.add_argument(
        "--log-path",
        choices=["direct", "staging", "both"],
        default="both",
        help="into an empty log (direct), one with a review (staging), both",
    )
    parts = [
        "cloze",
        "patterns",
        "front_matter",
        "check_10mb",
        "sync_10mb",
        "apkg_media",
        "log_import",
    ]
    parser.add_argument("--only", choices=parts, action="append", help="run only these parts")
    args = parser.parse_args()
    only = set(args.only or parts)
    sizes = args.log_lines or [100_000 if args.quick else 200_000]
    paths = ["direct", "staging"] if args.log_path == "both" else [args.log_path]
    figures: dict[str, object] = {"cloze": cloze_growth(args.quick)} if "cloze" in only else {}
    if "patterns" in only:
        figures["patterns"] = pattern_growth(args.quick)
    runs: dict[str, Callable[[Path, dict[str, str]], object]] = {
        "front_matter": lambda root, env: front_matter(root, env, args.quick),
        "check_10mb": lambda root, env: check_10mb(root, env, args.quick),
        "sync_10mb": lambda root, env: sync_10mb(root, env, args.quick),
        "apkg_media": lambda root, env: apkg_media(root, env, args.quick),
    }
    for part, run in runs.items():
        if part not in only:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            root = Path(tmp)
            (root / "decks").mkdir()
            figures[part] = run(root, _env(root))
    if "log_import" in only:
        figures["log_import"] = log_import(sizes, paths, args.log_cards)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2) + "\n")


def _env(root: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": SRC, "TANDEM_HOME": str(root / "home"),
            "TANDEM_DB": str(root / "t.db"), "TANDEM_DECKS": str(root / "decks")}  # fmt: skip


def front_matter(root: Path, env: dict[str, str], quick: bool) -> dict[int, dict[str, float]]:
    found = {}
    print("front matter with N unknown keys, tandem check:")
    for keys in (1_000, 4_000) if quick else (1_000, 2_000, 4_000, 8_000, 16_000):
        deck = root / "keys.md"
        deck.write_text("+++\n" + "".join(f"k{n} = {n}\n" for n in range(keys)) + "+++\n")
        found[keys] = tandem(env, "check", str(deck))
        print(f"  {keys:>6} keys  {found[keys]}")
    return found


def check_10mb(root: Path, env: dict[str, str], quick: bool) -> dict[str, dict[str, float]]:
    found = {}
    print("tandem check of a 10 MB deck:")
    for name, unit in list(SHAPES.items())[: 3 if quick else None]:
        deck = root / "big.md"
        deck.write_text(unit * (9_900_000 // len(unit)))
        found[name] = tandem(env, "check", str(deck))
        print(f"  {name:<28} {found[name]}")
    return found


def sync_10mb(root: Path, env: dict[str, str], quick: bool) -> dict[str, dict[str, float]]:
    found = {}
    print("tandem sync of a 10 MB deck:")
    deck = root / "decks" / "big.md"
    with deck.open("w") as out:
        for number in range(150_000 if quick else 300_000):
            out.write(f"Q: q\nA: a\n<!-- id: {number:08d} -->\n\n")
    found["300,000 cards with ids"] = tandem(env, "sync")
    deck.write_text("Q: q\nA: a\n\n" * (9_900_000 // 11))
    found["900,000 tiny cards, no ids"] = tandem(env, "sync")
    for name, figures in found.items():
        print(f"  {name:<28} {figures}")
    return found


def apkg_media(root: Path, env: dict[str, str], quick: bool) -> dict[str, float]:
    """A package of the scale benchmark's shape, with large media files appended."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from tests.hostile.test_media_stream import package_of_media

    size, count = (20 << 20, 2) if quick else (60 << 20, 3)
    package = package_of_media(root / "media.apkg", os.urandom(size), count)
    subprocess.run([sys.executable, "-m", "tandem", "people", "add", "alice"], env=env,
                   check=True, capture_output=True)  # fmt: skip
    found = tandem(env, "import", str(package), "--as", "alice")
    print(f"import of a package with {count} x {size >> 20} MB of media: {found}")
    return found


def log_import(sizes: list[int], paths: list[str], cards: int) -> dict[str, dict[str, float]]:
    """Each log size into a fresh database per path; the file is written once per size."""
    found = {}
    for lines in sizes:
        with tempfile.TemporaryDirectory() as tmp:
            log = Path(tmp) / "log.jsonl"
            start = time.perf_counter()
            _write_log(log, lines, cards)
            print(f"wrote {lines:,} log lines in {time.perf_counter() - start:.0f} s")
            for path in paths:
                with tempfile.TemporaryDirectory() as home:
                    root = Path(home)
                    (root / "decks").mkdir()
                    name = f"{lines:,} lines of {cards:,} cards, {path}"
                    found[name] = _import_log(root, _env(root), log, path, cards)
                    print(f"log import of {name}: {found[name]}", flush=True)
    return found


def _write_log(log: Path, lines: int, cards: int) -> None:
    """``lines`` reviews of ``cards`` cards by alice, a minute apart from 2001 (10M minutes fit
    before now)."""
    with log.open("w") as out:
        for number in range(lines):
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(1_000_000_000 + number * 60))
            line = {"id": f"r{number}", "card": f"card{number % cards:04d}", "person": "alice",
                    "rating": 3, "at": at, "grader": "alice", "duration_ms": 4000}  # fmt: skip
            out.write(json.dumps(line) + "\n")


def _import_log(
    root: Path, env: dict[str, str], log: Path, path: str, cards: int
) -> dict[str, float]:
    """A deck of ``cards`` cards synced, for ``staging`` one review imported first (a line the
    big log does not hold, so its lines go through the staging table), then ``log``."""
    with (root / "decks" / "log.md").open("w") as out:
        for number in range(cards):
            out.write(f"Q: q{number}\nA: a{number}\n<!-- id: card{number:04d} -->\n\n")
    steps = [["people", "add", "alice"], ["sync"]]
    if path == "staging":
        first = {"id": "first", "card": "card0000", "person": "alice", "rating": 3,
                 "at": "2000-01-01T00:00:00Z", "grader": "alice", "duration_ms": 4000}  # fmt: skip
        (root / "first.jsonl").write_text(json.dumps(first) + "\n")
        steps.append(["log", "import", str(root / "first.jsonl")])
    for args in steps:
        subprocess.run([sys.executable, "-m", "tandem", *args], env=env, check=True,
                       capture_output=True)  # fmt: skip
    return tandem(env, "log", "import", str(log))


if __name__ == "__main__":
    main()
