"""Provides the optimizer panel: a progress bar through the stages, then the fit's figures.

The figures read like ``tandem optimize``: log loss and RMSE(bins) before → after and the
decision; asked for apart (``tandem optimize --retention``), the simulated workload per
desired retention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import ProgressBar, Static

if TYPE_CHECKING:  # fsrs-rs loads with these: only the worker that optimizes needs it
    from tandem.scheduling.optimize_metrics import Metrics
    from tandem.services.optimize.result import OptimizeResult, RetentionAdvice

STEPS = {"read": 0, "evaluate": 0, "fit": 6, "save": 7}
"""Where each stage starts on the bar (``evaluate`` adds the folds done, 1 to 5)."""
TOTAL = 8
_STAGES = {
    "read": "Reading the review log",
    "evaluate": "Judging on later reviews",
    "fit": "Fitting to the whole log",
    "save": "Saving and rescheduling",
}
SIMULATING = "Simulating a year per desired retention…"
IDLE = (
    "Fits FSRS to these reviews and saves the parameters only if they predict later "
    "reviews better. Needs 400 reviews of cards seen again on a later day. Press ctrl+o. "
    "ctrl+r simulates a year per desired retention with the saved parameters."
)


def step(stage: str, done: int) -> int:
    """The bar's position for ``stage`` with ``done`` of its parts finished."""
    return STEPS.get(stage, 0) + (done if stage == "evaluate" else 0)


def stage_text(stage: str, done: int, total: int) -> str:
    label = _STAGES.get(stage, stage)
    return f"{label} ({done} of {total})…" if stage == "evaluate" else f"{label}…"


def _pair(before: Metrics, after: Metrics) -> Content:
    better = after.log_loss < before.log_loss
    return Content.assemble(
        f"{before.log_loss:.4f} → ",
        (f"{after.log_loss:.4f}", "bold $text-success" if better else "bold"),
        f"   {before.rmse_bins:6.2%} → ",
        (f"{after.rmse_bins:.2%}", "bold"),
    )


def result_text(result: OptimizeResult) -> Content:
    """Every figure of a run, for the panel."""
    held = result.holdout
    current = "current" if result.previous else "defaults"
    decision = result.decision[0].upper() + result.decision[1:] + "."
    lines = [
        Content.assemble(
            (f"{result.reviews:,}", "bold"),
            " reviews, ",
            (f"{result.items:,}", "bold"),
            " usable, ",
            (f"{result.cards:,}", "bold"),
            " cards",
        ),
        Content.styled(f"{'':15}{'log loss':<18}RMSE(bins)", "dim"),
        Content.assemble(("Later reviews  ", "dim"), _pair(held.default, held.fitted)),
        Content.assemble(
            ("Whole history  ", "dim"), _pair(result.history_previous, result.history_fitted)
        ),
        Content.styled(
            f"Later reviews: FSRS defaults → fitted on earlier reviews ({held.folds} splits, "
            f"{held.fitted.items:,} reviews predicted). Whole history: {current} → fitted. "
            "Lower is better.",
            "dim",
        ),
        Content(""),
        Content.styled(decision, "bold $text-success" if result.saved else "bold"),
    ]
    return Content("\n").join(lines)


def advice_text(advice: RetentionAdvice) -> Content:
    """The desired-retention table, the person's own retention marked."""
    return Content("\n").join(advice_lines(advice))


def advice_lines(advice: RetentionAdvice) -> list[Content]:
    """The desired-retention table's lines, the person's own retention marked."""
    work = advice.workload
    lines = [
        Content.assemble(
            ("Desired retention", "bold"),
            (f"  {work.days} days simulated, {work.cards:,} cards", "dim"),
        ),
        Content.styled(
            f"{'retention':>9}{'min/day':>9}{'answers/day':>13}{'remembered':>12}", "dim"
        ),
    ]
    for row in advice.rows:
        now = abs(row.retention - advice.current) < 1e-9
        text = (
            f"{row.retention:>9.2f}{row.minutes_per_day:>9.1f}{row.reviews_per_day:>13.1f}"
            f"{row.remembered:>12,.0f}"
        )
        lines.append(Content.assemble((text, "bold" if now else ""), ("  ← now" if now else "")))
    return lines


class OptimizeView(Vertical):
    """Idle text, then the stages with a progress bar, then the figures or why there are none."""

    def compose(self) -> ComposeResult:
        yield Static(IDLE, id="optimize-status", markup=False)
        yield ProgressBar(total=TOTAL, show_eta=False, id="optimize-bar")
        yield Static(id="optimize-result", markup=False)
        yield Static(id="optimize-advice", markup=False)

    def on_mount(self) -> None:
        self.query_one(ProgressBar).display = False

    def start(self) -> None:
        """Shows an empty bar; the figures of a run before are cleared."""
        bar = self.query_one(ProgressBar)
        bar.update(progress=0)
        bar.display = True
        self._status("Starting…")
        self.query_one("#optimize-result", Static).update("")
        self.query_one("#optimize-advice", Static).update("")

    def progress(self, stage: str, done: int, total: int) -> None:
        self.query_one(ProgressBar).update(progress=step(stage, done))
        self._status(stage_text(stage, done, total))

    def start_simulation(self) -> None:
        """Says the simulation runs (no stages to show); the fit's figures stay."""
        self.query_one(ProgressBar).display = False
        self._status(SIMULATING)

    def show_result(self, result: OptimizeResult) -> None:
        self.query_one(ProgressBar).display = False
        self._status(f"Done in {sum(result.seconds.values()):.1f} s.")
        self.query_one("#optimize-result", Static).update(result_text(result))
        self.query_one("#optimize-advice", Static).update("")  # made with other parameters

    def show_advice(self, advice: RetentionAdvice) -> None:
        """The simulated workload per desired retention, below the fit's figures."""
        self._status("Simulated.")
        self.query_one("#optimize-advice", Static).update(advice_text(advice))

    def show_problem(self, message: str) -> None:
        """Why nothing was fitted (too few reviews, or fsrs-rs refused); the bar goes away."""
        self.query_one(ProgressBar).display = False
        self._status(message, "$text-warning")

    def _status(self, text: str, style: str = "") -> None:
        self.query_one("#optimize-status", Static).update(Content.styled(text, style))
