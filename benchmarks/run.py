"""tandem side by side with Anki: the same cards and ratings, interleaved, in one run.

Run: ``python benchmarks/run.py [--sizes 1000,10000,100000] [--rounds 3] [--json FILE]``.
The last table is the optimizer: ``tandem optimize --dry-run`` and Anki's
``compute_fsrs_params`` on the same 100,000 reviews (``--optimize-reviews``), from the shell,
and on that log tandem's statistics beside Anki's graphs, in process (``stats_anki.py``).
Anki's side runs when the ``anki`` package is installed (``pip install anki``; a benchmark-only
dependency). Prints medians, min-max and the ratio tandem/Anki; writes the table as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from anki_import import build_package  # noqa: E402
from fsyncs import fsyncs_per_answer  # noqa: E402
from sides import AnkiSide, Side, TandemSide, anki_available  # noqa: E402
from startup import RUNS, start_seconds  # noqa: E402

Results = dict[str, dict[str, list[float]]]


def _timed(func: Callable[[], object]) -> float:
    start = time.perf_counter()
    func()
    return (time.perf_counter() - start) * 1000


def _cpu_timed(func: Callable[[], object]) -> float:
    """CPU milliseconds of the whole process (user + system, every thread: Anki's backend
    runs in it), so a disk's wait is left out and an fsync's kernel work counted."""
    start = time.process_time()
    func()
    return (time.process_time() - start) * 1000


def _round(side: Side, results: Results) -> None:
    def add(operation: str, ms: float) -> None:
        results.setdefault(operation, {}).setdefault(side.name, []).append(ms)

    add("open", _timed(side.open))
    side.close()
    side.open()
    add("first next card after open", _timed(side.next_card))
    for _ in range(10):
        card = side.next_card()
        if card is None:
            break
        add("answer", _timed(lambda card=card: side.answer(card)))  # type: ignore[misc]
        add("next card in a session", _timed(side.next_card))
    for _ in range(40):  # CPU time has a coarse clock on some systems: more answers
        card = side.next_card()
        if card is None:
            break
        add("answer CPU", _cpu_timed(lambda card=card: side.answer(card)))  # type: ignore[misc]
    for _ in range(5):
        add("due counts per deck", _timed(side.deck_counts))

    answered = []

    def session() -> None:
        for _ in range(100):
            card = side.next_card()
            if card is None:  # a tiny collection runs dry
                return
            side.answer(card)
            answered.append(card)

    add("100-answer session", _timed(session))
    if len(answered) < 100:
        print(f"note: {side.name} had only {len(answered)} cards to answer in a 100-answer session")
    side.close()


def run_size(
    cards: int, rounds: int, sides: list[Side], root: Path, built: Callable[[Path], None] | None
) -> Results:
    """Builds each side's collection, calls ``built`` with tandem's folder, then times."""
    results: Results = {}
    for side in sides:
        folder = root / f"{side.name}-{cards}"
        folder.mkdir()
        seconds = side.build(folder, cards, decks=min(100, max(1, cards // 10)))
        results.setdefault("bulk add", {})[side.name] = [seconds * 1000]
    if built is not None:
        built(root / f"tandem-{cards}")
    for number in range(rounds):
        for side in sides if number % 2 == 0 else list(reversed(sides)):
            _round(side, results)
    return results


def import_package(sides: list[Side], notes: int, root: Path, rounds: int) -> Results:
    """Times importing one ``notes``-note package into an empty database, each side in turn."""
    package = root / "bench.apkg"
    build_package(package, notes)
    results: Results = {}
    for number in range(rounds):
        for side in sides if number % 2 == 0 else list(reversed(sides)):
            folder = root / f"import-{side.name}-{number}"
            folder.mkdir()
            ms = _timed(lambda side=side, folder=folder: side.import_package(package, folder))  # type: ignore[misc]
            results.setdefault(f"import .apkg ({notes:,} notes)", {}).setdefault(side.name, [])
            results[f"import .apkg ({notes:,} notes)"][side.name].append(ms)
    return results


def summarise(results: Results) -> dict[str, dict[str, object]]:
    table: dict[str, dict[str, object]] = {}
    for operation, by_side in results.items():
        row: dict[str, object] = {}
        for name, values in by_side.items():
            row[name] = {"median_ms": statistics.median(values), "min_ms": min(values),
                         "max_ms": max(values), "runs": len(values)}  # fmt: skip
        if "tandem" in by_side and "anki" in by_side:
            row["ratio"] = statistics.median(by_side["tandem"]) / statistics.median(by_side["anki"])
        table[operation] = row
    return table


def _cell(entry: object) -> str:
    if not isinstance(entry, dict):
        return "-"
    return f"{entry['median_ms']:9.3f} ({entry['min_ms']:.3f}-{entry['max_ms']:.3f})"


def optimize_both(reviews: int, root: Path, rounds: int) -> dict[str, dict[str, object]]:
    """``tandem optimize --dry-run`` and Anki's ``compute_fsrs_params`` on the same log, each
    from the shell, taking turns (``optimize_anki.py``); then tandem's statistics and Anki's
    graphs on that log, in process (``stats_anki.py``)."""
    from optimize import _build
    from optimize_anki import anki_collection, compare
    from stats_anki import graphs_both

    root.mkdir()
    svc, _, _ = _build(root, reviews)
    collection = anki_collection(svc, "p0", root / "anki" / "collection.anki2")
    figures = compare(svc, root / "t.db", root / "decks", collection, rounds)
    svc.close()
    runs = figures.pop("runs seconds")
    table = summarise({"optimize, from the shell": {
        name: [seconds * 1000 for seconds in values] for name, values in runs.items()
    }})  # fmt: skip
    table["optimize, from the shell"]["agreement"] = figures
    table.update(summarise(graphs_both(root / "t.db", root / "decks", collection, "p0", rounds)))
    return table


def print_table(size: int, table: dict[str, dict[str, object]], what: str = "cards") -> None:
    print(f"\n{size:,} {what}")
    print(f"{'operation':<28} {'tandem ms (min-max)':>32} {'anki ms (min-max)':>32} {'ratio':>6}")
    for operation, row in table.items():
        ratio = row.get("ratio")
        shown = f"{ratio:6.2f}" if isinstance(ratio, float) else "     -"
        print(
            f"{operation:<28} {_cell(row.get('tandem')):>32} {_cell(row.get('anki')):>32} {shown}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000,10000,100000")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=Path("benchmarks/results.json"))
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up figures")
    parser.add_argument("--startup-runs", type=int, default=RUNS, help="start-ups of each app")
    parser.add_argument("--apkg-notes", type=int, default=10_000, help="size of the package")
    parser.add_argument("--optimize-reviews", type=int, default=100_000,
                        help="size of the log both optimizers fit (0: skip)")  # fmt: skip
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    sides: list[Side] = [TandemSide()]
    if anki_available():
        sides.append(AnkiSide())
    else:
        print("anki is not installed: tandem's figures only (pip install anki)")
    report: dict[str, object] = {"sizes": {}}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        startup: dict[str, dict[str, float]] = {}

        def time_startup(folder: Path) -> None:  # on the largest collection, all cards due
            review, floor = start_seconds(folder, args.startup_runs)
            startup.update({"tandem review": review, "minimal textual app": floor})

        for size in sizes:
            (root / str(size)).mkdir()
            built = time_startup if size == sizes[-1] and not args.no_startup else None
            table = summarise(run_size(size, args.rounds, sides, root / str(size), built))
            folder = root / str(size)
            fsync = {s.name: fsyncs_per_answer(s.name, folder / f"{s.name}-{size}") for s in sides}
            table["fsyncs per answer"] = dict(fsync)
            report["sizes"][str(size)] = table  # type: ignore[index]
            print_table(size, {k: v for k, v in table.items() if k != "fsyncs per answer"})
            print(f"{'fsyncs per answer':<28} " + ", ".join(f"{k}: {v}" for k, v in fsync.items()))
        imported = summarise(import_package(sides, args.apkg_notes, root, args.rounds))
        report["import"] = imported
        print_table(args.apkg_notes, imported)
        if args.optimize_reviews and anki_available():
            optimized = optimize_both(args.optimize_reviews, root / "optimize", args.rounds)
            report["optimize"] = optimized
            print_table(args.optimize_reviews, optimized, what="reviews")
        if startup:
            review, floor = startup["tandem review"], startup["minimal textual app"]
            report["startup"] = startup
            print(
                f"\nstart to first card ({sizes[-1]:,} cards): {review['median_s']:.3f} s; "
                f"minimal Textual app: {floor['median_s']:.3f} s; "
                f"ratio {review['median_s'] / floor['median_s']:.2f}"
            )
    args.json.write_text(json.dumps(report, indent=2))
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
