"""Settings values: checked by pydantic when they change, read back without it."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import asdict, fields

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tandem.config.checks import checked
from tandem.config.settings import BackupPolicy, PersonSettings
from tandem.models import InvalidFieldsError, StorageError
from tandem.services import Services

STEPS = "steps must be positive numbers of minutes, at most a year"


@pytest.mark.parametrize(
    ("values", "problems"),
    [
        ({"timezone": "Mars/Olympus"}, {"timezone": "unknown time zone 'Mars/Olympus'"}),
        (
            {"learning_steps_minutes": [0]},
            {"learning_steps_minutes": STEPS},
        ),
        (
            {"relearning_steps_minutes": [float("inf")], "learning_steps_minutes": [float("nan")]},
            {"learning_steps_minutes": STEPS, "relearning_steps_minutes": STEPS},
        ),
        ({"desired_retention": 1.5}, {"desired_retention": "must be at most 0.99"}),
        ({"new_per_day": -1}, {"new_per_day": "must be at least 0"}),
        (
            {"reviews_per_day": "many"},
            {"reviews_per_day": "must be a valid integer, unable to parse string as an integer"},
        ),
        ({"colour": "red"}, {"colour": "unknown setting"}),
        (
            {"day_starts_at_hour": 24, "leech_threshold": 0},
            {"day_starts_at_hour": "must be at most 23", "leech_threshold": "must be at least 1"},
        ),
    ],
)
def test_checked_refuses_each_bad_value_by_name(
    values: dict[str, object], problems: dict[str, str]
) -> None:
    with pytest.raises(InvalidFieldsError) as refused:
        checked(PersonSettings, values, "settings for alice")
    assert refused.value.fields == problems
    assert refused.value.message == f"invalid settings for alice ({', '.join(problems)})"


def test_checked_converts_what_a_form_or_json_gives() -> None:
    settings = checked(
        PersonSettings,
        {"new_per_day": "40", "learning_steps_minutes": [1, 5], "timezone": "Europe/Berlin"},
        "settings",
    )
    assert settings == PersonSettings(
        new_per_day=40, learning_steps_minutes=(1.0, 5.0), timezone="Europe/Berlin"
    )
    assert isinstance(settings.learning_steps_minutes, tuple)
    assert checked(BackupPolicy, {"daily": 3}, "policy") == BackupPolicy(daily=3)
    with pytest.raises(InvalidFieldsError, match=r"invalid policy \(daily\)"):
        checked(BackupPolicy, {"daily": 0}, "policy")


def test_the_database_keeps_only_what_differs_from_the_defaults() -> None:
    assert PersonSettings().to_json() == "{}"
    changed = PersonSettings(new_per_day=30, learning_steps_minutes=(5.0,))
    assert changed.to_json() == '{"learning_steps_minutes":[5.0],"new_per_day":30}'


settings_values = st.fixed_dictionaries(
    {},
    optional={
        "desired_retention": st.floats(0.7, 0.99),
        "parameters": st.none() | st.lists(st.floats(0.001, 100), min_size=21, max_size=21),
        "learning_steps_minutes": st.lists(st.floats(0.01, 10_000), max_size=4),
        "maximum_interval_days": st.integers(1, 36500),
        "new_per_day": st.integers(0, 9999),
        "day_starts_at_hour": st.integers(0, 23),
        "timezone": st.none() | st.sampled_from(["UTC", "Europe/Berlin", "Asia/Tokyo"]),
        "fuzz": st.booleans(),
    },
)


@given(settings_values)
def test_settings_read_back_equal_what_was_checked(values: dict[str, object]) -> None:
    settings = checked(PersonSettings, values, "settings")
    again = PersonSettings.from_json(settings.to_json())
    assert again == settings
    assert checked(PersonSettings, asdict(again), "settings") == settings
    for field in fields(PersonSettings):
        assert type(getattr(again, field.name)) is type(getattr(settings, field.name))


def test_settings_changed_by_hand_in_the_database_are_a_clear_error(svc: Services) -> None:
    svc.people.add("alice")
    with svc.ctx.store.write() as conn:
        conn.execute("UPDATE people SET settings = '{\"colour\": 1}' WHERE name = 'alice'")
    with pytest.raises(StorageError, match="settings of alice in the database are damaged"):
        svc.people.settings("alice")


def test_reading_settings_loads_no_pydantic(svc: Services) -> None:
    svc.people.add("alice")
    svc.people.update_settings("alice", PersonSettings(new_per_day=7, timezone="UTC"))
    code = (
        "import sys\n"
        "from tandem.config import resolve_paths\n"
        "from tandem.services import build_services\n"
        "svc = build_services(resolve_paths(sys.argv[1]))\n"
        "print(svc.people.settings('alice').new_per_day, 'pydantic' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, svc.ctx.store.path],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    assert done.stdout.split() == ["7", "False"]
