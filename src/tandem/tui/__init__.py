"""Provides tandem's terminal UI: ``run_app`` and ``TandemApp`` (the only layer using Textual)."""

from tandem.tui.app import TandemApp, run_app

__all__ = ["TandemApp", "run_app"]
