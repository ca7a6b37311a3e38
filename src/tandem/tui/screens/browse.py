"""Provides the card browser: search as you type, a table of cards sorted in SQL, one card's
history; suspend, bury, forget, set due or study (cram) for one person, tag or retire the
marked cards, or edit one (tandem's editor, or ``$EDITOR`` at its line)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Footer, Input, Static

from tandem.models import Queue, TandemError
from tandem.models.card_query import DECK_ORDER, Order, Sort
from tandem.models.wording import counted
from tandem.services import Services
from tandem.tui.screens import browse_actions
from tandem.tui.widgets.card_details import CardDetails
from tandem.tui.widgets.card_table import CardTable

LIMIT = 500
"""Cards listed at most (a search narrows them down)."""
TYPING_PAUSE = 0.15
"""Seconds without a key before the search runs."""
PLACEHOLDER = "words, deck:, tag:, is:new, -term, or   (docs/search.md)"

_Setter = Callable[[str, Sequence[str], bool], list[str]]
"""``CardFinder.set_suspended`` or ``set_buried``: person, keys, flag -> keys changed."""


class BrowseScreen(Screen[None]):
    """Finds cards as the search is typed; acts for one person on the marked cards."""

    CSS_PATH = "../browse.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        # The footer holds the common keys (it fits 80 columns); ``a`` lists every action
        # with its key, and ``?`` every key. The others work without being shown.
        Binding("space", "mark", "Mark", id="browse.mark"),
        Binding("s", "suspend", "Suspend", id="browse.suspend"),
        Binding("e", "edit", "Edit", id="browse.edit"),
        Binding("c", "cram", "Study", id="browse.cram"),
        Binding("p", "next_person", "Person", id="browse.person"),
        Binding("a", "actions", "Actions", tooltip="Every action, with its key",
                id="browse.actions"),
        Binding("slash", "focus_search", "Search", id="browse.search", show=False),
        Binding("b", "bury", "Bury", id="browse.bury", show=False),
        Binding("f", "forget", "Forget", id="browse.forget", show=False),
        Binding("d", "set_due", "Due", tooltip="Set the due date", id="browse.due", show=False),
        Binding("t", "tag", "Tag", tooltip="Add or take off tags", id="browse.tag", show=False),
        Binding("o", "next_sort", "Sort", tooltip="Sort by the next value", id="browse.sort",
                show=False),
        Binding("escape", "back", "Back", id="browse.back", show=False),
        Binding("r", "retire", "Retire", tooltip="Take out of the deck files", id="browse.retire",
                show=False),
        Binding("E", "external_edit", "Editor", tooltip="Open in $EDITOR at the card's line",
                id="browse.external_edit", show=False),
        Binding("O", "reverse_sort", "Reverse sort", id="browse.reverse_sort", show=False),
    ]  # fmt: skip

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]

    def __init__(self, services: Services, person: str | None = None, query: str = "") -> None:
        super().__init__()
        self.services = services
        self.people = services.people.names()
        self.person = person if person in self.people else None
        self.query_text = query
        self.order = DECK_ORDER
        self._pending: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="browse-header", markup=False)
        yield Input(self.query_text, placeholder=PLACEHOLDER, id="browse-search")
        with Horizontal(id="browse-body"):
            yield CardTable(id="browse-table")
            yield CardDetails(id="browse-details")
        yield Footer(compact=True)

    def on_mount(self) -> None:
        self.search()

    def search(self) -> None:
        """Runs the search in the box and shows what it finds."""
        self._pending = None
        try:
            found = self.services.cards.find(
                self.query_text, person=self.person, limit=LIMIT, order=self._order()
            )
        except TandemError as error:
            self._header(error.message, error=True)
            return
        self.query_one(CardTable).fill(found)
        more = " (the first 500)" if len(found) == LIMIT else ""
        self._header(f"{_cards(len(found))}{more}{self._sorted_by()}")

    def refresh_found(self, keys: Sequence[str]) -> None:
        """Searches again after an action on ``keys``, the cursor kept on the first."""
        table = self.query_one(CardTable)
        table.marked.clear()
        self.search()
        if keys and keys[0] in table.found:
            table.move_cursor(row=table.get_row_index(keys[0]))

    def _order(self) -> Order:
        """The sort asked for; deck order while no person is chosen (a sort is theirs)."""
        return self.order if self.person is not None else DECK_ORDER

    def _sorted_by(self) -> str:
        order = self._order()
        if order.sort is None:
            return ""
        return f" · by {order.sort}{' (largest first)' if order.descending else ''}"

    @on(Input.Changed, "#browse-search")
    def _typed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        if self._pending is not None:
            self._pending.stop()
        self._pending = self.set_timer(TYPING_PAUSE, self.search)

    @on(Input.Submitted, "#browse-search")
    def _submitted(self) -> None:
        if self._pending is not None:
            self._pending.stop()
            self.search()
        self.query_one(CardTable).focus()

    @on(CardTable.Highlighted)
    def _highlighted(self, event: CardTable.Highlighted) -> None:
        table = self.query_one(CardTable)
        item = table.found.get(event.key) if event.key else None
        history = self.services.cards.history(event.key) if event.key else []
        self.query_one(CardDetails).show(item.card if item else None, history)

    def action_focus_search(self) -> None:
        self.query_one(Input).focus()

    def action_mark(self) -> None:
        self.query_one(CardTable).toggle_mark()

    def action_suspend(self) -> None:
        self._flag(Queue.SUSPENDED, self.services.cards.set_suspended, "suspended")

    def action_bury(self) -> None:
        self._flag(Queue.BURIED, self.services.cards.set_buried, "buried")

    def action_forget(self) -> None:
        """Asks, then makes the chosen cards new again for the person (history kept)."""
        if self.person is None:
            self.notify("Whose cards? Press p to choose a person.", markup=False)
            return
        person, keys = self.person, self.query_one(CardTable).chosen()
        if not keys:
            return
        from tandem.tui.screens.confirm import ConfirmScreen

        def answered(yes: bool | None) -> None:
            if yes:
                changed = self.services.cards.forget_cards(person, keys)
                self.notify(f"{_cards(len(changed))} new again for {person}.", markup=False)
                self.query_one(CardTable).marked.clear()
                self.search()

        question = (
            f"Make {_cards(len(keys))} new again for {person}? Their reviews stay in the "
            "history; the schedule starts afresh."
        )
        self.app.push_screen(ConfirmScreen(question, "Forget", "Keep"), answered)

    def action_edit(self) -> None:
        table = self.query_one(CardTable)
        item = table.found.get(table.current or "")
        if item is None:
            return
        from tandem.tui.screens.card_editor import CardEditorScreen

        self.app.push_screen(CardEditorScreen(self.services, item.card.note_id), self._edited)

    def action_cram(self) -> None:
        """Crams the marked cards, or every card the search finds, for the person: due or
        not, without changing their schedule."""
        if self.person is None:
            self.notify("Whose cards? Press p to choose a person.", markup=False)
            return
        from tandem.tui.screens.review import ReviewScreen

        table = self.query_one(CardTable)
        keys = [key for key in table.found if key in table.marked]
        if keys:
            screen = ReviewScreen(self.services, self.person, cards=keys)
        else:
            search = self.query_text.strip() or None
            screen = ReviewScreen(self.services, self.person, search, cram=True)
        self.app.push_screen(screen, self._crammed)

    def _crammed(self, _: None) -> None:
        self.search()

    def action_set_due(self) -> None:
        browse_actions.set_due(self)

    def action_tag(self) -> None:
        browse_actions.tag(self)

    def action_retire(self) -> None:
        browse_actions.retire(self)

    def action_external_edit(self) -> None:
        browse_actions.open_in_editor(self)

    def action_next_sort(self) -> None:
        """Deck order, then each sort in turn (o), back to deck order."""
        if self.person is None:
            self.notify("A sort is a person's: press p to choose one.", markup=False)
            return
        sorts: list[Sort | None] = [None, *Sort]
        following = sorts[(sorts.index(self.order.sort) + 1) % len(sorts)]
        self.order = Order(following, self.order.descending)
        self.search()

    def action_reverse_sort(self) -> None:
        self.order = Order(self.order.sort, not self.order.descending)
        self.search()

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        """A click on Due or Lapses sorts by it; a second click reverses the sort."""
        sort = {"due": Sort.DUE, "lapses": Sort.LAPSES}.get(str(event.column_key.value))
        if sort is None or self.person is None:
            return
        descending = not self.order.descending if self.order.sort is sort else False
        self.order = Order(sort, descending)
        self.search()

    def action_actions(self) -> None:
        """Lists every action with its key; the chosen one runs on the marked cards."""
        from tandem.tui.screens.card_actions import CardActionsScreen

        marked = len(self.query_one(CardTable).marked)
        self.app.push_screen(CardActionsScreen(marked), self._chosen_action)

    def _chosen_action(self, action: str | None) -> None:
        if action is not None:
            self.call_later(self.run_action, action)

    def action_next_person(self) -> None:
        if not self.people:
            self.notify("Nobody studies here yet.", markup=False)
            return
        index = self.people.index(self.person) + 1 if self.person in self.people else 0
        self.person = self.people[index % len(self.people)]
        self.search()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
        else:  # launched as tandem browse
            self.app.exit()

    def _edited(self, saved: bool | None) -> None:
        if saved:
            self.search()

    def _flag(self, queue: Queue, setter: _Setter, done: str) -> None:
        """Sets the flag on the chosen cards, or lifts it when every one of them has it."""
        if self.person is None:
            self.notify("Whose cards? Press p to choose a person.", markup=False)
            return
        table = self.query_one(CardTable)
        keys = table.chosen()
        if not keys:
            return
        lift = all(table.found[key].queue is queue for key in keys)
        changed = setter(self.person, keys, not lift)
        word = f"un{done}" if lift else done
        self.notify(f"{_cards(len(changed))} {word}.", markup=False)
        table.marked.clear()
        self.search()
        if keys[0] in table.found:
            table.move_cursor(row=table.get_row_index(keys[0]))

    def _header(self, text: str, *, error: bool = False) -> None:
        whose = f"cards of {self.person}" if self.person else "cards (p: choose a person)"
        style = "$text-error" if error else ""
        self.query_one("#browse-header", Static).update(
            Content.assemble(("Browse ", "bold"), whose, " · ", (text, style))
        )


def _cards(count: int) -> str:
    return counted(count, "card")
