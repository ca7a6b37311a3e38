"""Provides ``BoundKey``: one key of the footer and what it does, as Textual's Footer shows it.

Built from public Textual only (``Widget``, component classes, the theme's ``$footer-*``
variables), so the keys look like Footer's without using its private key widget.
"""

from __future__ import annotations

from typing import NamedTuple

from rich.text import Text
from textual.widget import Widget


class KeySpec(NamedTuple):
    """Everything a footer key shows; a key whose spec changes is a different key."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    classes: str


class BoundKey(Widget):
    """One key and what it does (``^p palette``); a click presses the key.

    | Class | Description |
    | :- | :- |
    | `-compact` | No padding around the key. |
    | `-disabled` | The action is not available now: dimmed, a click rings the bell. |
    | `-command-palette` | The command palette's key, docked on the right. |
    """

    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"bound-key--key", "bound-key--description"}
    DEFAULT_CSS = """
    BoundKey {
        width: auto;
        height: 1;
        text-wrap: nowrap;
        background: $footer-item-background;
        .bound-key--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
            padding: 0 1;
        }
        .bound-key--description {
            padding: 0 1 0 0;
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        &:hover {
            pointer: pointer;
            color: $footer-key-foreground;
            background: $block-hover-background;
        }
        &.-disabled {
            text-style: dim;
        }
        &.-compact {
            .bound-key--key {
                padding: 0;
            }
            .bound-key--description {
                padding: 0 0 0 1;
            }
        }
    }
    """

    def __init__(self, spec: KeySpec, *, compact: bool) -> None:
        classes = f"{spec.classes} -disabled" if not spec.enabled else spec.classes
        super().__init__(classes=f"{classes} -compact" if compact else classes)
        self.spec = spec
        """The key, its display and description, and whether its action is available."""
        self.set_reactive(Widget.shrink, False)  # never cut short: the footer scrolls instead
        if spec.tooltip:
            self.tooltip = spec.tooltip

    def render(self) -> Text:
        spec, key_style = self.spec, self.get_component_rich_style("bound-key--key")
        if not spec.description:
            key = Text.assemble((spec.display, key_style))
        else:
            key = Text.assemble(
                (self._padded("bound-key--key", spec.display), key_style),
                (
                    self._padded("bound-key--description", spec.description),
                    self.get_component_rich_style("bound-key--description"),
                ),
            )
        key.stylize_before(self.rich_style)  # under the parts' own styles
        return key

    def _padded(self, component: str, text: str) -> str:
        padding = self.get_component_styles(component).padding
        return " " * padding.left + text + " " * padding.right

    def on_mouse_down(self) -> None:
        if self.spec.enabled:
            self.app.simulate_key(self.spec.key)
        else:
            self.app.bell()
