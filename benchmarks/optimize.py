"""Benchmark: ``tandem optimize`` on 100,000 reviews, and the replay after saving.

A synthetic learner (known FSRS parameters, seeded recall draws) studies a deck for a year;
the log is built once in a temporary folder (deck files, sync, log, replay: not timed).
Then the optimizer runs as ``--dry-run`` a few times (read log, 5 time-series folds, fit,
simulate), and once for real: that run saves the parameters and replays the whole log.

With ``--anki`` (and the benchmark-only ``anki`` package), the same log goes into an Anki
collection: both optimizers run from the shell, taking turns, and what they fit and report
is compared (``optimize_anki.py``).

Run: ``python benchmarks/optimize.py [--reviews 100000] [--repeat 3] [--anki] [--json out.json]``
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from common import write_decks
from tandem.config import resolve_paths
from tandem.scheduling.optimize_fit import DEFAULT_PARAMETERS
from tandem.services import Services, build_services
from tandem.services.optimize.simulate_log import add_synthetic_log
from tandem.storage.db import Store

REVIEWS_PER_CARD = 8.4
"""About how many reviews one card gets in a simulated year with :data:`TRUE`."""
TRUE = (1.0, 3.0, 8.0, 20.0, *DEFAULT_PARAMETERS[4:20], 0.45)
"""A learner whose new cards last longer, and whose memory fades more steeply at first,
than FSRS's defaults expect."""


def _build(root: Path, reviews: int) -> tuple[Services, int, float]:
    cards = round(reviews / REVIEWS_PER_CARD / 100) * 100
    write_decks(root / "decks", 100, cards // 100)
    svc = build_services(resolve_paths(root / "t.db", root / "decks"), db=Store(root / "t.db"))
    svc.people.add("p0")
    svc.sync.run()
    keys = [row.card for row in svc.ctx.states.for_person("p0")]
    start = time.perf_counter()
    added = add_synthetic_log(svc.ctx, "p0", keys, TRUE, days=365, seed=1)
    return svc, added, time.perf_counter() - start


def _beside_anki(svc: Services, root: Path, runs: int) -> dict[str, object]:
    from optimize_anki import anki_collection, compare

    collection = anki_collection(svc, "p0", root / "anki" / "collection.anki2")
    return compare(svc, root / "t.db", root / "decks", collection, runs)


def _anki_lines(beside: dict[str, Any]) -> list[str]:
    tandem = beside["tandem optimize --dry-run seconds (median, from the shell)"]
    anki = beside["anki compute_fsrs_params seconds (median, from the shell)"]
    loss, rmse = (
        beside["time-series log loss (tandem, anki)"],
        beside["time-series RMSE(bins) (tandem, anki)"],
    )
    both = beside["anki compute_fsrs_params + evaluate_params seconds (median, from the shell)"]
    return [
        f"from the shell: tandem optimize --dry-run {tandem:.2f} s, Anki compute_fsrs_params "
        f"{anki:.2f} s ({beside['ratio']:.2f}x); with Anki's evaluate_params (the held-out "
        f"check tandem makes too) {both:.2f} s ({beside['ratio to the same work']:.2f}x)",
        f"items {beside['items'][0]:,} / {beside['items'][1]:,}; largest parameter difference "
        f"{beside['largest parameter difference']:.4f}",
        f"time-series log loss {loss[0]:.4f} / {loss[1]:.4f}, RMSE(bins) {rmse[0]:.2%} / "
        f"{rmse[1]:.2%} (tandem / Anki)",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reviews", type=int, default=100_000, help="about this many")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--anki", action="store_true", help="beside Anki's optimizer")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        svc, added, build_seconds = _build(Path(tmp), args.reviews)
        beside = _beside_anki(svc, Path(tmp), args.repeat) if args.anki else None
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            result = svc.optimizer.run("p0", dry_run=True)
            runs.append((time.perf_counter() - start, result))
        start = time.perf_counter()
        saved = svc.optimizer.run("p0")
        saved_seconds = time.perf_counter() - start
        total = statistics.median(seconds for seconds, _ in runs)
        stages = {
            stage: statistics.median(r.seconds[stage] for _, r in runs)
            for stage in runs[0][1].seconds
        }
        figures = {
            "reviews": added,
            "items": saved.items,
            "cards": saved.cards,
            "optimize --dry-run seconds (median)": total,
            "stages seconds (median)": stages,
            "optimize and save seconds": saved_seconds,
            "replay after saving seconds": saved.seconds["save"],
            "states changed": saved.states_changed,
            "holdout": saved.to_dict()["holdout"],
            "beside anki": beside,
        }
        svc.close()
    held = saved.holdout
    lines = [
        f"{added:,} reviews of {saved.cards:,} cards ({saved.items:,} items); "
        f"log built and replayed in {build_seconds:.1f} s",
        f"optimize --dry-run (median of {args.repeat}): {total:.2f} s",
        *(f"  {stage:<10} {seconds:6.2f} s" for stage, seconds in stages.items()),
        f"optimize + save: {saved_seconds:.2f} s, of which the replay "
        f"{saved.seconds['save']:.2f} s ({saved.states_changed:,} states changed)",
        f"held-out log loss {held.default.log_loss:.4f} -> {held.fitted.log_loss:.4f}, "
        f"RMSE(bins) {held.default.rmse_bins:.2%} -> {held.fitted.rmse_bins:.2%}",
    ]
    if beside is not None:
        lines += _anki_lines(beside)
    print("\n".join(lines))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
