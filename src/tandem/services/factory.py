"""Provides ``build_services``: storage, scheduler and services wired once, for CLI and tests.

Each service is imported when first used, so a command loads only what it needs (start-up
time is a feature: ``tandem review`` should show its first card as fast as Textual can).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property
from typing import TYPE_CHECKING

from tandem.config import Paths
from tandem.models import Clock, SystemClock
from tandem.services.context import Context
from tandem.services.study.session import StudySession
from tandem.storage.db import Store

if TYPE_CHECKING:
    from tandem.config.app_file import AppConfigFile
    from tandem.decks.media import MediaRead
    from tandem.services.anki.exporting import Exporter
    from tandem.services.anki.importing import Importer
    from tandem.services.authoring.writer import Authoring
    from tandem.services.cards.finder import CardFinder
    from tandem.services.cards.merging import CardMerger
    from tandem.services.logs.service import Logs
    from tandem.services.maintenance.backups import Backups
    from tandem.services.maintenance.doctor import Doctor
    from tandem.services.maintenance.rebuild import Rebuilt
    from tandem.services.optimize.optimizer import Optimizer
    from tandem.services.people import People
    from tandem.services.quiz.live import Quiz
    from tandem.services.quiz.results import QuizScope
    from tandem.services.report.report import Report
    from tandem.services.reviewlog import ReviewLog
    from tandem.services.stats.stats import Stats
    from tandem.services.study.cram import CramSession
    from tandem.services.study.due import DueCounter
    from tandem.services.sync.catalog import Catalog
    from tandem.services.sync.deck_list import Decks
    from tandem.services.sync.sync import Sync


@dataclass
class Services:
    """Everything the CLI and the TUI may call."""

    ctx: Context
    rebuilt: Rebuilt | None = None
    """The rebuild of every state a migration asked for, made when these services opened."""

    @cached_property
    def people(self) -> People:
        from tandem.services.people import People

        return People(self.ctx)

    @cached_property
    def catalog(self) -> Catalog:
        from tandem.services.sync.catalog import Catalog

        return Catalog(self.ctx)

    @cached_property
    def cards(self) -> CardFinder:
        from tandem.services.cards.finder import CardFinder

        return CardFinder(self.ctx)

    @cached_property
    def merging(self) -> CardMerger:
        from tandem.services.cards.merging import CardMerger

        return CardMerger(self.ctx)

    @cached_property
    def due(self) -> DueCounter:
        from tandem.services.study.due import DueCounter

        return DueCounter(self.ctx)

    @cached_property
    def log(self) -> ReviewLog:
        from tandem.services.reviewlog import ReviewLog

        return ReviewLog(self.ctx)

    @cached_property
    def logs(self) -> Logs:
        from tandem.services.logs.service import Logs

        return Logs(self.ctx)

    @cached_property
    def sync(self) -> Sync:
        from tandem.services.sync.sync import Sync

        return Sync(self.ctx)

    @cached_property
    def authoring(self) -> Authoring:
        from tandem.services.authoring.writer import Authoring

        return Authoring(self.ctx)

    @cached_property
    def app_config(self) -> AppConfigFile:
        from tandem.config.app_file import AppConfigFile

        return AppConfigFile(self.ctx.paths.config_file)

    @cached_property
    def decks(self) -> Decks:
        from tandem.services.sync.deck_list import Decks

        return Decks(self.ctx)

    @cached_property
    def backups(self) -> Backups:
        from tandem.services.maintenance.backups import Backups

        return Backups(self.ctx)

    @cached_property
    def doctor(self) -> Doctor:
        from tandem.services.maintenance.doctor import Doctor

        return Doctor(self.ctx)

    @cached_property
    def importer(self) -> Importer:
        from tandem.services.anki.importing import Importer

        return Importer(self.ctx)

    @cached_property
    def exporter(self) -> Exporter:
        from tandem.services.anki.exporting import Exporter

        return Exporter(self.ctx)

    @cached_property
    def optimizer(self) -> Optimizer:
        from tandem.services.optimize.optimizer import Optimizer

        return Optimizer(self.ctx)

    @cached_property
    def stats(self) -> Stats:
        from tandem.services.stats.stats import Stats

        return Stats(self.ctx)

    @cached_property
    def report(self) -> Report:
        from tandem.services.report.report import Report

        return Report(self.ctx)

    def study(
        self, person: str, *, grader: str | None = None, search: str | None = None
    ) -> StudySession:
        """Starts a sitting for ``person``; ``grader`` is who grades (the partner in a quiz);
        ``search``: only the cards this query matches (docs/search.md).

        Raises:
            BadInputError: the search cannot be read.
        """
        self.ctx.person(person)
        if grader is not None and grader != person:
            self.ctx.person(grader)
        scope = self.cards.scope(person, search) if search else None
        return StudySession(self.ctx, person, grader or person, self.ctx.clock.now(), scope)

    def cram(
        self,
        person: str,
        *,
        search: str | None = None,
        keys: Sequence[str] | None = None,
        grader: str | None = None,
    ) -> CramSession:
        """Starts a cram sitting for ``person``: the cards ``keys``, or those ``search``
        picks (every card without either), due or not, answered without changing their
        schedule.

        Raises:
            BadInputError: the search cannot be read.
        """
        from tandem.services.study.cram import CRAM_LIMIT, CramSession

        self.ctx.person(person)
        if grader is not None and grader != person:
            self.ctx.person(grader)
        if keys is not None:
            cards = self.cards.cram_cards_of(person, keys[:CRAM_LIMIT])
        else:
            cards = self.cards.cram_cards(person, search or "", CRAM_LIMIT)
        return CramSession(self.ctx, person, grader or person, self.ctx.clock.now(), cards)

    def read_media(self, deck_path: str, target: str) -> MediaRead:
        """The media file a card of ``deck_path`` names (``![alt](target)``), read from
        inside the decks folder only; or why it cannot be shown (``MediaRead.problem``)."""
        from tandem.decks.media import read_media

        return read_media(self.ctx.paths.decks, deck_path, target)

    @property
    def paths(self) -> Paths:
        return self.ctx.paths

    def now(self) -> datetime:
        """The current time, from the clock the services were built with."""
        return self.ctx.clock.now()

    def prepare_answers(self) -> None:
        """Opens ahead what an answer writes beside the database (the shared log folder's
        journal, from the config file), so the first answer of a run is as quick as the next.
        Changes nothing; a screen calls it while its first question is being read."""
        _ = self.ctx.journal

    def open_another(self) -> Services:
        """The same services on a connection of their own (for a worker thread)."""
        return build_services(self.ctx.paths, db=Store(self.ctx.store.path), clock=self.ctx.clock)

    def quiz(
        self,
        asker: str,
        answerer: str,
        *,
        swap_every: int | None = None,
        scope: QuizScope | None = None,
    ) -> Quiz:
        """Starts a quiz: ``asker`` grades, ``answerer`` answers; they swap every few cards."""
        from tandem.services.quiz.opening import DEFAULT_SWAP_EVERY, start_quiz
        from tandem.services.quiz.results import QuizScope

        return start_quiz(
            self.ctx,
            asker,
            answerer,
            swap_every=DEFAULT_SWAP_EVERY if swap_every is None else swap_every,
            scope=scope or QuizScope.PARTNERS,
        )

    def join_quiz(self, person: str) -> Quiz:
        """The open quiz ``person`` takes part in (for a second terminal)."""
        from tandem.services.quiz.opening import join_quiz

        return join_quiz(self.ctx, person)

    def open_quiz(self, quiz_id: int) -> Quiz:
        """The quiz ``quiz_id`` (open or ended), as this terminal sees it."""
        from tandem.services.quiz.live import Quiz

        return Quiz(self.ctx, quiz_id)

    def open_quizzes(self) -> list[Quiz]:
        """Quizzes not ended yet (one whose asker's terminal died can be resumed or ended)."""
        from tandem.services.quiz.opening import open_quizzes

        return open_quizzes(self.ctx)

    def close(self) -> None:
        self.ctx.store.close()


def build_services(
    paths: Paths, *, db: Store | None = None, clock: Clock | None = None
) -> Services:
    """Opens (or takes) the database and wires every service around it.

    A migration that asked for every state to be rebuilt gets it here (``Services.rebuilt``).
    """
    from tandem.services.maintenance.rebuild import rebuild_if_due

    store = db if db is not None else Store(paths.db)
    ctx = Context(paths, store, clock or SystemClock())
    return Services(ctx, rebuild_if_due(ctx))
