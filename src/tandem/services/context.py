"""Provides the shared context of the services: store, clock, repositories, per-person cache."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from tandem.config import Paths
from tandem.config.settings import PersonSettings
from tandem.models import Clock, NotFoundError
from tandem.scheduling.days import DayBoundary

if TYPE_CHECKING:
    from tandem.scheduling.scheduler import PersonScheduler
    from tandem.services.logs.journal import Journal
    from tandem.storage.cards import CardsRepo
    from tandem.storage.db import Store
    from tandem.storage.people import PeopleRepo
    from tandem.storage.queue import QueueRepo
    from tandem.storage.quizzes import QuizzesRepo
    from tandem.storage.reviews import ReviewsRepo
    from tandem.storage.states import StatesRepo
    from tandem.storage.stats import StatsQueries


@dataclass(frozen=True)
class PersonContext:
    """One person's settings with the scheduler and day boundary made from them."""

    name: str
    settings: PersonSettings
    days: DayBoundary

    @cached_property
    def scheduler(self) -> PersonScheduler:
        from tandem.scheduling.scheduler import PersonScheduler

        return PersonScheduler(self.settings, self.days)


class Context:
    """What every service shares. Built once by ``build_services``.

    The repositories are imported on first use: a first card needs only some of them.
    """

    def __init__(self, paths: Paths, store: Store, clock: Clock) -> None:
        self.paths = paths
        self.store = store
        self.clock = clock
        self._people: dict[str, PersonContext] = {}

    @cached_property
    def cards(self) -> CardsRepo:
        from tandem.storage.cards import CardsRepo

        return self.store.repo(CardsRepo)

    @cached_property
    def states(self) -> StatesRepo:
        from tandem.storage.states import StatesRepo

        return self.store.repo(StatesRepo)

    @cached_property
    def queue(self) -> QueueRepo:
        from tandem.storage.queue import QueueRepo

        return self.store.repo(QueueRepo)

    @cached_property
    def reviews(self) -> ReviewsRepo:
        from tandem.storage.reviews import ReviewsRepo

        return self.store.repo(ReviewsRepo)

    @cached_property
    def people(self) -> PeopleRepo:
        from tandem.storage.people import PeopleRepo

        return self.store.repo(PeopleRepo)

    @cached_property
    def quizzes(self) -> QuizzesRepo:
        from tandem.storage.quizzes import QuizzesRepo

        return self.store.repo(QuizzesRepo)

    @cached_property
    def stats(self) -> StatsQueries:
        from tandem.storage.stats import StatsQueries

        return self.store.repo(StatsQueries)

    @cached_property
    def journal(self) -> Journal:
        """Publishes answers to the shared log folder, if one is set up (read on first use)."""
        from tandem.services.logs.journal import open_journal

        return open_journal(self)

    def person(self, name: str) -> PersonContext:
        """The person's settings and scheduler (cached until their settings change)."""
        found = self._people.get(name)
        if found is None:
            try:
                settings = self.people.settings(name)
            except KeyError:
                raise NotFoundError(
                    f"no person named {name!r} (add with: tandem people add)"
                ) from None
            found = PersonContext(
                name=name,
                settings=settings,
                days=DayBoundary(settings.day_starts_at_hour, settings.timezone),
            )
            self._people[name] = found
        return found

    def forget_person(self, name: str) -> None:
        self._people.pop(name, None)
