"""Provides the quiz commands: start a quiz (``tandem quiz``), join one (``tandem join``)."""

from __future__ import annotations

import click

from tandem.cli.common import global_options, handle_errors, services
from tandem.models import MissingInputError, NotFoundError


@click.command()
@global_options
@click.option("--asker", metavar="NAME", required=True, help="Who asks and grades first.")
@click.option("--answerer", metavar="NAME", required=True, help="Who answers first.")
@click.option(
    "--swap-every", type=click.IntRange(min=1), default=10, show_default=True,
    help="Swap roles after this many cards.",
)  # fmt: skip
@click.option(
    "--all", "all_cards", is_flag=True,
    help="Ask every card due for the answerer, not only the partners' shared cards.",
)  # fmt: skip
@click.option(
    "--shared", is_flag=True,
    help="One terminal for both partners: it always shows the asker's view.",
)  # fmt: skip
@handle_errors
def quiz(asker: str, answerer: str, swap_every: int, all_cards: bool, shared: bool) -> None:
    """Start a quiz: ASKER sees question and answer and grades, ANSWERER answers aloud.

    This terminal is the asker's. The partner can follow on a second terminal with
    `tandem join --as ANSWERER`; until someone joins, this terminal serves both partners
    (it shows the asker's view for whoever asks, also after the roles swap).
    """
    from tandem.services.quiz.results import QuizScope
    from tandem.tui import run_app

    svc = services(writes=True)
    scope = QuizScope.ALL if all_cards else QuizScope.PARTNERS
    started = svc.quiz(asker, answerer, swap_every=swap_every, scope=scope)
    run_app(svc, quiz_id=started.id, me=None if shared else asker)


@click.command()
@global_options
@click.option("--as", "person", metavar="NAME", required=True, help="Who joins.")
@handle_errors
def join(person: str) -> None:
    """Join the newest open quiz of NAME from this terminal.

    While this terminal's owner answers, it shows the question only; the answer appears when
    the asker reveals it or grades. When the roles swap, this terminal becomes the asker's.
    """
    from tandem.tui import run_app

    svc = services(writes=True)
    svc.people.settings(person)  # an unknown name is exit 65, not "no quiz"
    try:
        joined = svc.join_quiz(person)
    except NotFoundError as error:
        raise MissingInputError(error.message) from error
    run_app(svc, quiz_id=joined.id, me=person)
