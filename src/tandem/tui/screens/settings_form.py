"""Provides the settings form: one row per study setting, parsed into the fields to change.

The form only parses what was typed (a number where a number goes); the range checks are
``People.update_settings``'s, whose refusal the screen hands back with ``show_error``.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Literal
from zoneinfo import available_timezones

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, Static, Switch

from tandem.config.checks import checked
from tandem.config.settings import PersonSettings
from tandem.models import InvalidFieldsError

Kind = Literal["float", "int", "steps", "zone"]


@dataclass(frozen=True)
class Field:
    """One typed setting: its ``PersonSettings`` name, label, hint and how it is parsed."""

    name: str
    label: str
    hint: str
    kind: Kind


FIELDS = (
    Field("desired_retention", "Desired retention", "0.70 to 0.99, or 90%", "float"),
    Field("new_per_day", "New cards a day", "0 to 9999", "int"),
    Field("reviews_per_day", "Reviews a day", "0 to 99999", "int"),
    Field("learning_steps_minutes", "Learning steps", "minutes, e.g. 1 10", "steps"),
    Field("relearning_steps_minutes", "Relearning steps", "minutes, e.g. 10", "steps"),
    Field("maximum_interval_days", "Maximum interval", "days, 1 to 36500", "int"),
    Field("timezone", "Time zone", "IANA name; blank: local", "zone"),
    Field("leech_threshold", "Leech after", "lapses, 1 to 99", "int"),
    Field("learn_ahead_minutes", "Learn ahead", "minutes, 0 to 1440", "int"),
)
LABELS = {field.name: field.label for field in FIELDS} | {
    "day_starts_at_hour": "Day starts at",
    "fuzz": "Fuzz",
}


class FormError(ValueError):
    """What was typed into ``field`` is not what it takes."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def number_text(value: float) -> str:
    """``10.0`` as ``10``, ``0.5`` as ``0.5``."""
    return f"{value:g}"


def shown_value(settings: PersonSettings, field: Field) -> str:
    """A setting as the form shows it."""
    value = getattr(settings, field.name)
    if field.kind == "steps":
        return " ".join(number_text(step) for step in value)
    if field.kind == "zone":
        return value or ""
    return number_text(value) if isinstance(value, float) else str(value)


def parse(field: Field, text: str) -> object:
    """What ``text`` means for ``field`` (raises ``FormError`` when it is not a value)."""
    text = text.strip()
    try:
        if field.kind == "float":
            percent = text.endswith("%")
            value = float(text.removesuffix("%").strip())
            return value / 100 if percent else value
        if field.kind == "int":
            return int(text)
        if field.kind == "steps":
            return tuple(float(step.removesuffix("m")) for step in text.replace(",", " ").split())
    except ValueError:
        example = {"float": "0.9", "int": "a whole number", "steps": "1 10"}[field.kind]
        raise FormError(field.name, f"{field.label}: {text!r} is not {_a(example)}") from None
    return text or None


def _a(example: str) -> str:
    return example if example.startswith("a ") else f"like {example}"


def refusal(message: str, fields: dict[str, str]) -> tuple[str, list[str]]:
    """What to show when ``update_settings`` refused (one line per field, by its label),
    and the fields to mark."""
    if not fields:
        return message, []
    lines = [f"{LABELS.get(name, name)}: {problem}" for name, problem in fields.items()]
    return "\n".join(lines), list(fields)


def _hours() -> list[tuple[str, int]]:
    return [(f"{hour:02d}:00", hour) for hour in range(24)]


class SettingsForm(Vertical):
    """Inputs, a Select and a Switch for one person's settings, filled from ``settings``
    when mounted (its fields exist from then on)."""

    def __init__(self, settings: PersonSettings, *, id: str | None = None) -> None:  # noqa: A002
        super().__init__(id=id)
        self._settings = settings

    def on_mount(self) -> None:
        self.load(self._settings)
        self.query_one(f"#set-{FIELDS[0].name}").focus()

    def compose(self) -> ComposeResult:
        zones = SuggestFromList(sorted(available_timezones()), case_sensitive=False)
        for field in FIELDS:
            with Horizontal(classes="settings-row"):
                yield Static(field.label, classes="settings-label", markup=False)
                yield Input(
                    id=f"set-{field.name}",
                    compact=True,
                    classes="settings-input",
                    suggester=zones if field.kind == "zone" else None,
                )
                yield Static(field.hint, classes="settings-hint", markup=False)
            if field.name == "maximum_interval_days":
                yield from self._day_start()
        with Horizontal(classes="settings-row"):
            yield Static("Fuzz", classes="settings-label", markup=False)
            yield Switch(id="set-fuzz", classes="settings-input")
            yield Static("spreads due dates", classes="settings-hint", markup=False)
        yield Static(id="settings-error", markup=False)

    def _day_start(self) -> ComposeResult:
        with Horizontal(classes="settings-row"):
            yield Static("Day starts at", classes="settings-label", markup=False)
            yield Select(
                _hours(),
                allow_blank=False,
                compact=True,
                id="set-day_starts_at_hour",
                classes="settings-input",
            )
            yield Static("the study day's boundary", classes="settings-hint", markup=False)

    def load(self, settings: PersonSettings) -> None:
        """Fills the fields from saved settings."""
        for field in FIELDS:
            self.query_one(f"#set-{field.name}", Input).value = shown_value(settings, field)
        self.query_one("#set-day_starts_at_hour", Select).value = settings.day_starts_at_hour
        self.query_one("#set-fuzz", Switch).value = settings.fuzz
        self.show_error(None)

    def values(self) -> dict[str, object]:
        """The settings as typed (raises ``FormError`` for the first field that is no value)."""
        found = {
            field.name: parse(field, self.query_one(f"#set-{field.name}", Input).value)
            for field in FIELDS
        }
        found["day_starts_at_hour"] = self.query_one("#set-day_starts_at_hour", Select).value
        found["fuzz"] = self.query_one("#set-fuzz", Switch).value
        return found

    @staticmethod
    def snapshot_of(settings: PersonSettings) -> tuple[object, ...]:
        """What ``snapshot`` gives right after ``load(settings)``."""
        texts = (shown_value(settings, field) for field in FIELDS)
        return (*texts, settings.day_starts_at_hour, settings.fuzz)

    def snapshot(self) -> tuple[object, ...]:
        """What is typed and chosen, to tell whether anything changed since ``load``."""
        texts = (self.query_one(f"#set-{f.name}", Input).value for f in FIELDS)
        hour = self.query_one("#set-day_starts_at_hour", Select).value
        return (*texts, hour, self.query_one("#set-fuzz", Switch).value)

    @on(Input.Changed)
    @on(Select.Changed)
    @on(Switch.Changed)
    def _check_again(self) -> None:
        """While a refusal is shown, every edit checks the form again: the message follows
        what is typed and goes once every value is right (saving still checks it all)."""
        if not self.has_class("-refused"):
            return
        try:
            wanted = self._settings.updated(self.values())
            checked(PersonSettings, asdict(wanted), "settings")
        except FormError as problem:
            self.show_error(problem.message, [problem.field], focus=False)
        except InvalidFieldsError as problem:
            self.show_error(*refusal(problem.message, problem.fields), focus=False)
        else:
            self.show_error(None)

    def show_error(
        self, message: str | None, fields: list[str] | tuple[str, ...] = (), *, focus: bool = True
    ) -> None:
        """Shows why the settings were refused (or hides it) and marks the fields named."""
        self.query_one("#settings-error", Static).update(Content(message or ""))
        # "-refused", not "-invalid": Input sets and clears that one from its own validation
        self.set_class(bool(message), "-refused")
        for field in FIELDS:
            self.query_one(f"#set-{field.name}").set_class(field.name in fields, "-refused")
        if focus and fields and fields[0] in {f.name for f in FIELDS}:
            self.query_one(f"#set-{fields[0]}").focus()
