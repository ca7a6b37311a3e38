"""Provides ``KeyFooter``: Textual's footer, updated in place when the screen's keys change.

Textual's ``Footer`` removes and mounts all its keys whenever the bindings change; on the
review screen that is every keypress (the question and the answer offer different keys),
and re-mounting a dozen keys costs more than drawing the next card. ``KeyFooter`` shows the
same keys the same way, but keeps every key it has mounted: a change hides and shows keys,
and only a key never shown before is mounted.
"""

from __future__ import annotations

from typing import NamedTuple

from textual.app import ComposeResult
from textual.binding import Binding
from textual.events import Mount
from textual.screen import Screen
from textual.widgets import Footer

# Footer's own key widget (not re-exported by textual.widgets): the keys look the same.
from textual.widgets._footer import FooterKey


class KeySpec(NamedTuple):
    """Everything a footer key shows; a key whose spec changes is a different key."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str
    classes: str


class KeyFooter(Footer):
    """A ``Footer`` whose keys are shown and hidden in place instead of re-mounted."""

    def __init__(self, *, compact: bool = False, show_command_palette: bool = True) -> None:
        super().__init__(compact=compact, show_command_palette=show_command_palette)
        self._keys: dict[KeySpec, FooterKey] = {}

    def compose(self) -> ComposeResult:
        specs = self._specs() if self._bindings_ready else []
        if specs is None:  # binding groups: laid out by Footer itself
            self._keys.clear()
            yield from super().compose()
            return
        self._keys = {spec: self._make_key(spec) for spec in specs}
        yield from self._keys.values()

    def on_mount(self, event: Mount | None = None) -> None:
        # Footer hears of changes a message later; KeyFooter at once, so that the keys reach
        # the same frame as the change that made them (the next card). Footer's own
        # subscription is left out (prevent_default).
        if event is not None:
            event.prevent_default()
        self.screen.bindings_updated_signal.subscribe(self, self.bindings_changed, immediate=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        first = not self._bindings_ready
        self._bindings_ready = True
        if not (screen.app.app_focus and self.is_attached and screen is self.screen):
            return
        specs = None if first else self._specs()  # first keys after the first frame, as Footer
        if specs is None or not self._show(specs):
            self.call_after_refresh(self.recompose)

    def _specs(self) -> list[KeySpec] | None:
        """The keys Footer would show, in its order; ``None`` when bindings are grouped."""
        active = self.screen.active_bindings
        first: dict[str, KeySpec] = {}  # one key per action, as Footer shows it
        for _, binding, enabled, tooltip in active.values():
            if not binding.show:
                continue
            if binding.group is not None:
                return None
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

    def _make_key(self, spec: KeySpec) -> FooterKey:
        bound = not spec.classes  # keys follow the footer's ``compact``, as with Footer's data_bind
        compact = bound and self.compact
        key = FooterKey(
            spec.key,
            spec.display,
            spec.description,
            spec.action,
            disabled=not spec.enabled,
            tooltip=spec.tooltip,
            classes=f"{spec.classes} -compact" if compact else spec.classes,
        )
        if bound:
            key.set_reactive(FooterKey.compact, self.compact)
        return key

    def watch_compact(self, compact: bool) -> None:
        for spec, key in self._keys.items():
            if not spec.classes:
                key.compact = compact

    def _show(self, specs: list[KeySpec]) -> bool:
        """Shows exactly ``specs``, mounting the new ones; False if the order cannot be kept."""
        if not self._keys and not self.children:  # the first keys: one mount, one layout
            self._keys = {spec: self._make_key(spec) for spec in specs}
            self.mount_all(self._keys.values())
            return True
        previous: FooterKey | None = None
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
