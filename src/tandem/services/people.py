"""Provides the people who study: adding them, listing them, their settings."""

from __future__ import annotations

import unicodedata
from dataclasses import asdict

from tandem.config.checks import checked
from tandem.config.settings import PersonSettings, validate_person_name
from tandem.models import BadInputError, InvalidFieldsError, TandemError
from tandem.services.context import Context
from tandem.services.maintenance.replay import Replayer
from tandem.services.sync.catalog import Catalog


class People:
    """Adds people and changes their settings."""

    def __init__(self, ctx: Context) -> None:
        self.ctx = ctx

    def names(self) -> list[str]:
        return self.ctx.people.names()

    def add(self, name: str) -> None:
        """Adds a person, with every current card new for them.

        Names differing only in case (``Alice``, ``alice``) are one person: the second is
        refused, naming the first.
        """
        try:
            name = validate_person_name(name)
        except ValueError as error:
            raise BadInputError(str(error)) from None
        with self.ctx.store.write():
            same = self.known_as(name)
            if same is not None:
                raise TandemError(f"{same!r} is already here" + _spelt(same, name))
            self.ctx.people.add(name, self.ctx.clock.now())
            Catalog(self.ctx).add_person_states(name)

    def known_as(self, name: str) -> str | None:
        """The stored spelling of the person called ``name`` in any case (``alice`` ->
        ``Alice``), or ``None`` for nobody."""
        key = unicodedata.normalize("NFC", name).casefold()
        return next((known for known in self.names() if known.casefold() == key), None)

    def resolve(self, name: str) -> str:
        """``name`` as stored, case aside; an unknown name is returned unchanged (the
        service using it says that nobody has it)."""
        return self.known_as(name) or name

    def settings(self, name: str) -> PersonSettings:
        return self.ctx.person(name).settings

    def reload(self, name: str) -> PersonSettings:
        """Reads the person's settings again (after another connection saved them)."""
        self.ctx.forget_person(name)
        return self.settings(name)

    def update_settings(self, name: str, settings: PersonSettings) -> int:
        """Saves new settings and replays the person's log so due dates follow them.

        Returns:
            How many card states changed.
        """
        self.ctx.person(name)
        from tandem.scheduling.model import check_parameters

        # Settings are built without checks (``replace``, the constructor): check them here.
        settings = checked(PersonSettings, asdict(settings), f"settings for {name}")
        try:
            if settings.parameters is not None:
                check_parameters(settings.parameters)
        except ValueError as error:
            problem = " ".join(str(error).split())
            raise InvalidFieldsError(
                f"invalid settings for {name} (parameters)", {"parameters": problem}
            ) from None
        with self.ctx.store.write():
            self.ctx.people.set_settings(name, settings)
            self.ctx.forget_person(name)
            return Replayer(self.ctx).fix(name)


def _spelt(known: str, asked: str) -> str:
    return "" if known == asked else " (names that differ only in case are one person)"
