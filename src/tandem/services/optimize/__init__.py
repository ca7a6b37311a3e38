"""Provides personal FSRS parameters and retention advice (``tandem optimize``).

Modules: ``optimizer`` (the ``Optimizer`` service), ``result`` (what it reports),
``workload`` (the simulator's assumptions from one's log), ``simulate_log`` (synthetic logs
from known parameters).
"""

__all__ = [
    "optimizer",
    "result",
    "simulate_log",
    "workload",
]
