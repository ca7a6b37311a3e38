"""Provides the start of ``tandem review`` without click, so the first card comes sooner.

``tandem review`` with only ``--as``, ``--search``, ``--deck``, ``--tag``, ``--cram``,
``--db`` and ``--decks`` (the usual start) is read here and never imports click or the other
commands; any other command line (``--help``, a misspelt option, options before ``review``)
goes to the click command, which says what is wrong. Both run the same steps (``open_services``,
``start_review``), and both print through the one display sanitiser.
"""

from __future__ import annotations

import gc
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tandem.config import Paths, resolve_paths
from tandem.models import TandemError
from tandem.render.terminal import shown

if TYPE_CHECKING:
    from tandem.services import Services
    from tandem.services.study.cram import CramSession
    from tandem.services.study.session import StudySession

_WITH_VALUE = {
    "--as": "person",
    "--search": "search",
    "--deck": "deck",
    "--tag": "tag",
    "--db": "db",
    "--decks": "decks",
}


def focus_query(search: str | None, deck: str | None, tag: str | None) -> str | None:
    """One search from ``--search``, ``--deck`` and ``--tag`` (all must hold), as a person
    would type it: the search in parentheses only beside the others, a value in quotes only
    when it needs them (the review screen shows this query)."""
    parts = [_value("deck", deck)] if deck else []
    parts += [_value("tag", tag)] if tag else []
    if search:
        parts.insert(0, f"({search})" if parts else search)
    return " ".join(parts) or None


def _value(field: str, value: str) -> str:
    from tandem.models.card_query import quoted_value

    return f"{field}:{quoted_value(value)}"


def open_services(paths: Paths, warn: Callable[[str], None]) -> Services:
    """The services on ``paths``; a database in an unsafe place or rebuilt is told to ``warn``."""
    from tandem.services import build_services
    from tandem.services.maintenance.placement import unsafe_location

    warning = unsafe_location(paths.db)
    if warning:
        warn(f"tandem: warning: {warning}")
    svc = build_services(paths)
    if svc.rebuilt is not None:
        warn(f"tandem: {svc.rebuilt.describe()}")
    return svc


def daily_backup(svc: Services, warn: Callable[[str], None]) -> None:
    """The day's automatic backup before a command that writes; failing is only a warning."""
    try:
        svc.backups.daily_if_due()
    except TandemError as error:
        warn(f"tandem: warning: the daily backup failed: {error.message}")


def start_review(
    svc: Services, person: str, search: str | None, deck: str | None, tag: str | None,
    cram: bool, tell: Callable[[str], None],
) -> None:  # fmt: skip
    """Checks ``person`` and the search (a clear error before the screen opens), then runs
    the review until the user leaves it. A search, deck or tag that leaves nothing to study
    is told to ``tell`` instead, and no screen opens (exit 0: nothing to do)."""
    svc.people.settings(person)
    query = focus_query(search, deck, tag)
    session = None
    if query:
        svc.cards.scope(person, query)  # an unreadable search is refused here, not on screen
        session = _sitting(svc, person, query, cram=cram)
        if session.next_card() is None and synced(svc):  # the screen would sync first
            session = _sitting(svc, person, query, cram=cram)
        if session.next_card() is None:
            tell(f"tandem: {nothing_to_study(svc, person, query, cram=cram)}")
            return
    from tandem.tui import run_app

    run_app(svc, review_as=person, review_search=query, review_cram=cram, review_session=session)


def _sitting(svc: Services, person: str, query: str, *, cram: bool) -> StudySession | CramSession:
    """The sitting the review screen opens (it reads ahead: its first card is read once)."""
    return svc.cram(person, search=query) if cram else svc.study(person, search=query)


def synced(svc: Services) -> bool:
    """Syncs the deck files (the review screen does so as it opens); False when it could
    not (no decks folder, a file with problems: the database's cards stand)."""
    if not svc.paths.decks.is_dir():
        return False
    try:
        svc.sync.run()
    except TandemError:
        return False
    return True


def nothing_to_study(svc: Services, person: str, query: str, *, cram: bool) -> str:
    """Why a review of ``person`` focused on ``query`` has no card to show."""
    if not svc.cards.find(query, person=person, limit=1):
        return f"no card matches {query}: nothing to review"
    if cram or not svc.cards.find(f"({query}) -is:suspended -is:buried", person=person, limit=1):
        return (
            f"every card {query} matches is suspended or buried for {person}: "
            f"nothing to {'cram' if cram else 'review'} (tandem cards unsuspend/unbury)"
        )
    return (
        f"nothing is due for {person} among the cards {query} matches: nothing to review "
        "(--cram studies them anyway)"
    )


def review_arguments(args: Sequence[str]) -> dict[str, str | bool] | None:
    """The options of ``review …`` when this module can run it; None: click's to read."""
    if not args or args[0] != "review":
        return None
    found: dict[str, str | bool] = {}
    rest = list(args[1:])
    while rest:
        arg = rest.pop(0)
        name, has_value, value = arg.partition("=")
        if arg == "--cram":
            found["cram"] = True
        elif name in _WITH_VALUE and _WITH_VALUE[name] not in found:
            if not has_value:
                if not rest:
                    return None
                value = rest.pop(0)
            found[_WITH_VALUE[name]] = value
        else:
            return None
    if "person" not in found or _not_a_path(found.get("db"), found.get("decks")):
        return None
    return found


def _not_a_path(db: str | bool | None, decks: str | bool | None) -> bool:
    """A database that is a folder, or a decks folder that is a file: click says so."""
    from pathlib import Path

    return (isinstance(db, str) and Path(db).is_dir()) or (
        isinstance(decks, str) and Path(decks).is_file()
    )


def quick_review(args: Sequence[str]) -> bool:
    """Runs ``tandem review`` from ``args`` (the command line after the program name) if
    they are the usual ones; False: nothing done, click reads them."""
    found = review_arguments(args)
    if found is None:
        return False

    def text(name: str) -> str | None:
        value = found.get(name)
        return value if isinstance(value, str) else None

    def warn(message: str) -> None:
        print(shown(message, lines=True), file=sys.stderr, flush=True)

    # No cyclic garbage collection while the modules, the database and the screen are set
    # up: the app turns it back on after its first frame (tui/start_gc.py).
    gc.disable()
    svc: Services | None = None
    try:
        svc = open_services(resolve_paths(text("db"), text("decks")), warn)
        person = svc.people.resolve(text("person") or "")
        daily_backup(svc, warn)
        start_review(svc, person, text("search"), text("deck"), text("tag"), "cram" in found, warn)
    except TandemError as error:
        warn(f"tandem: {error.message}")
        for detail in error.details:
            warn(f"  {detail}")
        sys.exit(int(error.exit_code))
    except KeyboardInterrupt:
        sys.exit(130)
    finally:
        gc.enable()
        if svc is not None:
            svc.close()
    return True
