"""Provides the ``tandem`` command line: ``main`` and the click group ``cli`` (``commands``).

``tandem review`` with its usual options starts without importing click or the other
commands (``review_start``): its first card comes sooner. Everything else goes to click.
"""

from __future__ import annotations

import sys
from typing import Any


def main() -> None:
    """Entry point of the ``tandem`` script."""
    from tandem.cli.review_start import quick_review

    if quick_review(sys.argv[1:]):
        return
    from tandem.cli.commands import cli

    cli(prog_name="tandem")


def __getattr__(name: str) -> Any:
    """``cli``, the click group, imported on first use."""
    if name == "cli":
        from tandem.cli.commands import cli

        return cli
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["cli", "main"]
