"""Benchmark: ``tandem import`` of a generated Mochi export, as data.json and as data.edn.

10,000 cards (by default) in 10 decks under one parent, each with two reviews, written the
way Mochi writes them (Transit JSON; EDN for the older form). Prints the time of reading the
data alone (the decoder), and of the whole import and a re-import that changes nothing.

Run: ``python benchmarks/mochi_import.py [--cards 10000] [--json FILE]``
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
import zipfile
from pathlib import Path

from tandem.config import resolve_paths
from tandem.interop.mochi import read_mochi
from tandem.services import build_services
from tandem.storage.db import Store

_START_MS = 1_767_225_600_000  # 2026-01-01


def _card_json(number: int) -> dict[str, object]:
    day = 86_400_000
    return {
        "~:id": f"~:card{number:06d}",
        "~:content": f"**question** {number}\n---\nanswer {number}",
        "~:tags": {"~#set": ["bench", f"group{number % 7}"]},
        "~:reviews": [
            {"~:date": f"~t{_START_MS + number}", "~:interval": 1, "~:remembered?": True},
            {"~:date": f"~t{_START_MS + day + number}", "~:interval": 3, "~:remembered?": False},
        ],
    }


def _card_edn(number: int) -> str:
    first, second = _START_MS + number, _START_MS + 86_400_000 + number
    return (
        f'{{:id :card{number:06d} :content "**question** {number}\\n---\\nanswer {number}" '
        f':tags #{{"bench" "group{number % 7}"}} :reviews ['
        f'{{:date #inst "{_iso(first)}" :interval 1 :remembered? true}} '
        f'{{:date #inst "{_iso(second)}" :interval 3 :remembered? false}}]}}'
    )


def _iso(ms: int) -> str:
    from datetime import UTC, datetime

    return datetime.fromtimestamp(ms / 1000, UTC).isoformat(timespec="milliseconds")[:-6] + "Z"


def build(target: Path, cards: int, form: str) -> None:
    groups = [list(range(n, cards, 10)) for n in range(10)]
    if form == "json":
        decks = [{"~:id": "~:parent01", "~:name": "Bench", "~:cards": {"~#list": []}}]
        decks += [
            {"~:id": f"~:deck{n:04d}", "~:name": f"Deck {n}", "~:parent-id": "~:parent01",
             "~:cards": {"~#list": [_card_json(c) for c in group]}}
            for n, group in enumerate(groups)
        ]  # fmt: skip
        name, data = "data.json", json.dumps({"~:version": 2, "~:decks": decks})
    else:
        decks = ['{:id :parent01 :name "Bench" :cards []}']
        decks += [
            f'{{:id :deck{n:04d} :name "Deck {n}" :parent-id :parent01 :cards ['
            + " ".join(_card_edn(c) for c in group)
            + "]}"
            for n, group in enumerate(groups)
        ]
        name, data = "data.edn", "{:version 2 :decks [" + "\n".join(decks) + "]}"
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, data)


def _run(root: Path, cards: int, form: str) -> dict[str, object]:
    package = root / f"bench-{form}.mochi"
    build(package, cards, form)
    started = time.perf_counter()
    mapped, _ = read_mochi(package)
    read_s = time.perf_counter() - started
    assert len(mapped.notes) == cards
    paths = resolve_paths(root / f"{form}.db", root / f"decks-{form}")
    svc = build_services(paths, db=Store(paths.db))
    svc.people.add("alice")
    started = time.perf_counter()
    summary = svc.importer.run(package, person="alice")
    cold = time.perf_counter() - started
    assert (summary.notes, summary.reviews) == (cards, 2 * cards)
    started = time.perf_counter()
    again = svc.importer.run(package, person="alice")
    repeat = time.perf_counter() - started
    assert (again.added, again.reviews) == (0, 0)
    svc.close()
    with zipfile.ZipFile(package) as archive:
        data_bytes = archive.infolist()[0].file_size
    return {"form": form, "cards": cards, "data_bytes": data_bytes, "read_s": round(read_s, 2),
            "import_s": round(cold, 2), "reimport_s": round(repeat, 2)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    figures = []
    with tempfile.TemporaryDirectory() as tmp:
        for form in ("json", "edn"):
            result = _run(Path(tmp), args.cards, form)
            figures.append(result)
            print(
                f"data.{form}: {result['cards']} cards, {result['data_bytes']:,} bytes; "
                f"read {result['read_s']} s, import {result['import_s']} s, "
                f"re-import {result['reimport_s']} s"
            )
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
