"""Provides the garbage collector's pause over a start: off until the first frame, then on.

Start-up makes hundreds of thousands of objects that live as long as the app (modules,
classes, the stylesheet, the screen); the cyclic collector would walk them again and again
while they are made, and again on the first keys. ``pause`` stops it as the app starts;
``resume``, once the first frame is out, moves everything made so far out of its sight
(``gc.freeze``) and starts it again, so later collections walk only what the session makes.
``release`` (the app ending) gives the start's objects back to the collector, so a process
running many apps (the tests) does not keep them for good.
"""

from __future__ import annotations

import gc


def pause() -> None:
    """Stops cyclic garbage collection until ``resume``."""
    gc.disable()


def resume() -> None:
    """Keeps what exists now out of later collections, and collects again."""
    gc.freeze()
    gc.enable()


def release() -> None:
    """Gives the objects kept out by ``resume`` back to the collector; collection is on."""
    gc.unfreeze()
    gc.enable()
