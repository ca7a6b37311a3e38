"""Provides ``KeyFooter``: the screen's keys along the bottom, updated in place.

Textual's ``Footer`` removes and mounts all its keys whenever the bindings change; on the
review screen that is every keypress (the question and the answer offer different keys),
and re-mounting a dozen keys costs more than drawing the next card. ``KeyFooter`` shows the
same keys the same way (Footer's look, from the theme's ``$footer-*`` variables), but keeps
every key it has mounted: a change hides and shows keys, and only a key never shown before is
mounted. It is built from Textual's public API only (``Screen.active_bindings``, the
``bindings_updated_signal``, ``App.get_key_display``), so a Textual upgrade cannot break it
from inside.

Binding groups (``Binding.group``) are not combined: tandem's bindings have none, and a
grouped binding is shown as a key of its own.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import ScrollableContainer
from textual.reactive import reactive
from textual.screen import Screen

from tandem.tui.widgets.bound_key import BoundKey, KeySpec


class KeyFooter(ScrollableContainer, can_focus=False, can_focus_children=False):
    """The active screen's keys, shown and hidden in place instead of re-mounted."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    KeyFooter {
        layout: horizontal;
        color: $footer-foreground;
        background: $footer-background;
        dock: bottom;
        height: 1;
        scrollbar-size: 0 0;
        &.-compact {
            BoundKey {
                margin-right: 1;
            }
            BoundKey.-command-palette {
                padding-right: 0;
            }
        }
        BoundKey.-command-palette {
            dock: right;
            padding-right: 1;
            border-left: vkey $foreground 20%;
        }
    }
    """

    compact = reactive(False, toggle_class="-compact")
    """Keys without padding, a space between them."""

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__()
        self.set_reactive(KeyFooter.compact, compact)
        self.set_class(compact, "-compact", update=False)
        self.show_command_palette = show_command_palette
        """Show the command palette's key on the right (when the app has a palette)."""
        self._keys: dict[KeySpec, BoundKey] = {}
        self._ready = False  # the screen has told the footer its bindings at least once

    def compose(self) -> ComposeResult:
        specs = self._specs() if self._ready else []
        self._keys = {spec: self._make_key(spec) for spec in specs}
        yield from self._keys.values()

    def on_mount(self) -> None:
        # Immediate: the keys reach the same frame as the change that made them (the next
        # card), where Footer hears of it a message later.
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def bindings_changed(self, screen: Screen[object]) -> None:
        """Shows the keys of ``screen``'s bindings now (the first keys after a frame)."""
        first = not self._ready
        self._ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        if first or not self._show(self._specs()):  # first keys after the first frame
            self.call_after_refresh(self.recompose)

    def watch_compact(self, compact: bool) -> None:
        for spec, key in self._keys.items():
            if not spec.classes:
                key.set_class(compact, "-compact")

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if self.allow_horizontal_scroll and self.scroll_x < self.max_scroll_x:
            self.scroll_right()
            event.stop()

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if self.allow_horizontal_scroll and self.scroll_x > 0:
            self.scroll_left()
            event.stop()

    def _specs(self) -> list[KeySpec]:
        """The keys to show, in the bindings' order; the command palette's last."""
        active = self.screen.active_bindings
        first: dict[str, KeySpec] = {}  # one key per action, as Footer shows it
        for _, binding, enabled, tooltip in active.values():
            if binding.show:
                first.setdefault(binding.action, self._spec(binding, enabled, tooltip))
        specs = list(first.values())
        palette = active.get(self.app.COMMAND_PALETTE_BINDING)
        if palette is not None and self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            _, binding, enabled, _ = palette
            tooltip = binding.tooltip or binding.description
            specs.append(self._spec(binding, enabled, tooltip, "-command-palette"))
        return specs

    def _spec(self, binding: Binding, enabled: bool, tooltip: str, classes: str = "") -> KeySpec:
        display = self.app.get_key_display(binding)
        return KeySpec(
            binding.key, display, binding.description, binding.action, enabled, tooltip, classes
        )

    def _make_key(self, spec: KeySpec) -> BoundKey:
        # Screen keys follow the footer's ``compact``; the palette's key is always compact.
        return BoundKey(spec, compact=self.compact or bool(spec.classes))

    def _show(self, specs: list[KeySpec]) -> bool:
        """Shows exactly ``specs``, mounting the new ones; False if the order cannot be kept."""
        if not self._keys and not self.children:  # the first keys: one mount, one layout
            self._keys = {spec: self._make_key(spec) for spec in specs}
            self.mount_all(self._keys.values())
            return True
        previous: BoundKey | None = None
        for spec in specs:
            widget = self._keys.get(spec)
            if widget is None:
                widget = self._keys[spec] = self._make_key(spec)
                if previous is not None:
                    self.mount(widget, after=previous)
                elif self.children:
                    self.mount(widget, before=0)
                else:
                    self.mount(widget)
            previous = widget
        wanted = set(specs)
        shown = [spec for spec, widget in self._keys.items() if spec in wanted]
        for spec, widget in self._keys.items():
            widget.display = spec in wanted
        order = {widget: index for index, widget in enumerate(self.children)}
        return sorted(shown, key=lambda spec: order.get(self._keys[spec], -1)) == specs
