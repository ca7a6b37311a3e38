"""Provides the home screen: people and what is due for them, the decks folder, sync state."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static

from tandem.render.terminal import shown
from tandem.services import Services
from tandem.services.study.due import PersonDue
from tandem.services.sync.deck_list import DeckInfo
from tandem.tui.screens.add_person import AddPersonScreen
from tandem.tui.screens.quiz_start import quiz_notice, resume_quiz, start_quiz
from tandem.tui.screens.review import ReviewScreen
from tandem.tui.screens.session_picker import SessionPickerScreen
from tandem.tui.screens.start_session import start_new_session
from tandem.tui.syncing import SyncStatus
from tandem.tui.widgets.sync_errors import SyncErrors
from tandem.tui.widgets.tables import DueTable, FolderTable, PeopleTable

if TYPE_CHECKING:
    from tandem.tui.app import TandemApp

NO_PEOPLE = "No one studies here yet.\nPress a to add the first person"
ALL_DONE = "All done for today."


class HomeScreen(Screen[None]):
    """Where a sitting starts. Only this screen (and its modals) call the services it shows."""

    CSS_PATH = "../home.tcss"

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "review", "Review", id="home.review"),
        Binding("a", "add_person", "Add", id="home.add_person"),
        Binding("s", "sync", "Sync", id="home.sync"),
        Binding("n", "new_session", "Session", id="home.new_session"),
        Binding("c", "open_session", "Continue", id="home.open_session"),
        Binding("z", "quiz", "Quiz", id="home.quiz"),
        Binding("t", "stats", "Stats", id="home.stats"),
        # Not in the footer, full at 80 columns: ? lists them, the palette (ctrl+p) has
        # "Find cards", and the stats screen shows settings.
        Binding("comma", "settings", "Settings", id="home.settings", show=False),
        Binding("f", "browse", "Find cards", id="home.browse", show=False),
        # The open-quiz notice says "o: resume or close" when there is one to resume.
        Binding("o", "open_quizzes", "Quizzes", id="home.open_quizzes", show=False),
    ]

    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]

    def __init__(self, services: Services) -> None:
        super().__init__()
        self.services = services
        self.dues: dict[str, PersonDue] = {}
        self.decks: list[DeckInfo] = []
        self.missing_folder: str | None = None
        """Why the decks folder could not be read at the last sync, if it could not."""

    @property
    def tandem(self) -> TandemApp:
        return self.app  # type: ignore[return-value]  # Screen.app is typed App; it is ours

    def compose(self) -> ComposeResult:
        with Horizontal(id="home-body"):
            with Vertical(id="people-pane"):
                yield Static("People", classes="section-title", markup=False)
                yield PeopleTable(id="people")
                yield Static(NO_PEOPLE, id="people-empty", classes="empty", markup=False)
            with Vertical(id="main-pane"):
                yield Static(id="quiz-notice", markup=False)
                yield Static(id="due-title", classes="section-title", markup=False)
                yield DueTable(id="due")
                yield Static(id="due-empty", classes="empty", markup=False)
                yield Static(id="folder-title", classes="section-title", markup=False)
                with Vertical(id="folder-pane"):
                    yield FolderTable(id="folder")
                    yield Static(id="folder-empty", classes="empty", markup=False)
                    yield SyncErrors(id="sync-errors")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still opens it (see ?)

    def on_mount(self) -> None:
        self.reload()
        self.watch(self.tandem, "sync_status", self._sync_changed, init=True)

    def on_screen_resume(self) -> None:
        self.reload()

    @property
    def title_width(self) -> int:
        """How much of a deck title fits the tables at this terminal width."""
        return 24 if self.has_class("-narrow") else 40

    def on_resize(self) -> None:
        if self.is_mounted:
            self.reload()

    # data ------------------------------------------------------------------------------------
    def reload(self, selected: str | None = None) -> None:
        """Reads people, due counts and decks from the services and fills the tables."""
        people = self.query_one(PeopleTable)
        selected = selected or people.selected
        due = self.services.due
        self.dues = {name: due.for_person(name) for name in self.services.people.names()}
        self.decks = self.services.decks.list()
        people.fill(self.dues.values(), selected)
        self.set_class(not self.dues, "-no-people")
        self._show_due(people.selected)
        self._show_folder()
        notice = quiz_notice(self.services)
        self.query_one("#quiz-notice", Static).update(notice or "")
        self.query_one("#quiz-notice").display = notice is not None
        self.refresh_bindings()

    def _show_due(self, person: str | None) -> None:
        due = self.dues.get(person) if person else None
        title = Content.assemble("Due today for ", (person, "bold")) if person else Content("")
        self.query_one("#due-title", Static).update(title)
        self.query_one(DueTable).fill(due.decks if due else (), self.title_width)
        nothing_due = due is not None and due.total == 0
        self.set_class(nothing_due, "-nothing-due")
        empty = self._nothing_due_text() if nothing_due else ""
        self.query_one("#due-empty", Static).update(Content(empty))

    def _nothing_due_text(self) -> str:
        if not self.decks:
            return "No cards yet: add deck files to the decks folder, then press s to sync."
        return ALL_DONE

    def _show_folder(self) -> None:
        folder = shown(str(self.services.paths.decks))
        self.query_one("#folder-title", Static).update(
            Content.assemble("Deck folder  ", (folder, "dim"))
        )
        table = self.query_one(FolderTable)
        table.fill(self.decks, table.size.width or self.size.width - 34)
        self.set_class(not self.decks, "-no-decks")
        empty = self.missing_folder or (
            f"No decks yet. Put deck files (*.md) in {folder}, then press s to sync."
        )
        self.query_one("#folder-empty", Static).update(Content(empty))

    def _sync_changed(self, status: SyncStatus) -> None:
        self.query_one("#folder-pane").loading = status.running
        failed = status.failed and not status.missing_folder
        self.set_class(failed, "-sync-failed")
        if failed:
            self.query_one(SyncErrors).show("Deck sync failed", status.error or "", status.details)
        self.missing_folder = status.error if status.missing_folder else None
        if not status.running:
            self.reload()

    # events and actions ----------------------------------------------------------------------
    @on(DataTable.RowHighlighted, "#people")
    def _person_highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_due(event.row_key.value)

    @on(DataTable.RowSelected, "#people")
    def _person_selected(self) -> None:
        self.action_review()

    def action_review(self) -> None:
        person = self.query_one(PeopleTable).selected
        if person is None:
            self.notify("Add a person first: press a.", markup=False)
            return
        self.app.push_screen(ReviewScreen(self.services, person))

    def action_add_person(self) -> None:
        self.app.push_screen(AddPersonScreen(self.services), self._person_added)

    def _person_added(self, name: str | None) -> None:
        if name is not None:
            self.reload(selected=name)
            self.notify(f"Added {name}.", markup=False)

    def action_sync(self) -> None:
        self.tandem.start_sync()

    def action_new_session(self) -> None:
        start_new_session(self.app, self.services)

    def action_open_session(self) -> None:
        self.app.push_screen(SessionPickerScreen(self.services))

    def action_quiz(self) -> None:
        start_quiz(self.app, self.services, self.query_one(PeopleTable).selected, [*self.dues])

    def action_open_quizzes(self) -> None:
        resume_quiz(self.app, self.services, self.reload)

    def action_stats(self) -> None:
        if (person := self.query_one(PeopleTable).selected) is None:
            self.notify("Add a person first: press a.", markup=False)
            return
        from tandem.tui.screens.stats import StatsScreen

        self.app.push_screen(StatsScreen(self.services, person))

    def action_browse(self) -> None:
        from tandem.tui.screens.browse import BrowseScreen

        self.app.push_screen(BrowseScreen(self.services, self.query_one(PeopleTable).selected))

    def action_settings(self) -> None:
        if (person := self.query_one(PeopleTable).selected) is None:
            self.notify("Add a person first: press a.", markup=False)
            return
        from tandem.tui.screens.settings import SettingsScreen

        self.app.push_screen(SettingsScreen(self.services, person))
