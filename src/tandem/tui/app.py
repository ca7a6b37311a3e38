"""Provides ``TandemApp``: owns the services, runs the deck sync in a thread, hosts the screens."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType, Keymap
from textual.reactive import reactive
from textual.screen import Screen

from tandem.render.terminal import shown
from tandem.tui import start_gc
from tandem.tui.syncing import SyncFinished, SyncStatus, deck_notices, describe_logs, logs_notice

if TYPE_CHECKING:
    from textual.command import Provider
    from textual.notifications import SeverityLevel

    from tandem.services import Services
    from tandem.services.study.cram import CramSession
    from tandem.services.study.session import StudySession
    from tandem.tui.screens.help import HelpRow


def tandem_commands() -> type[Provider]:
    """tandem's command palette entries, imported when the palette first opens."""
    from tandem.tui.palette import TandemCommands

    return TandemCommands


class TandemApp(App[None]):
    """tandem in the terminal: the home screen, or straight into one person's review."""

    CSS_PATH = "tandem.tcss"
    """The start screens' and shared dialogs' rules; other screens add their own (CSS_PATH)."""
    TITLE = "tandem"
    COMMANDS = App.COMMANDS | {tandem_commands}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark,f1", "help", "Help", id="app.help"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    sync_status: reactive[SyncStatus] = reactive(SyncStatus)
    """The last deck sync; screens watch it to show progress, errors and fresh counts."""

    def __init__(
        self,
        services: Services,
        *,
        review_as: str | None = None,
        review_search: str | None = None,
        review_cram: bool = False,
        review_session: StudySession | CramSession | None = None,
        sync_on_start: bool = True,
        quiz_id: int | None = None,
        me: str | None = None,
        browse: str | None = None,
        browse_as: str | None = None,
    ) -> None:
        super().__init__()
        self.services = services
        self.review_as = review_as
        self.review_search = review_search
        self.review_cram = review_cram
        """Launched as ``tandem review --cram``: answers reschedule nothing."""
        self.review_session = review_session
        """The sitting ``tandem review`` made (and read the first card of) to check that a
        focused review has a card to show; None: the review screen makes its own."""
        self.sync_on_start = sync_on_start
        self.quiz_id = quiz_id
        self.me = me
        """Whose terminal this is in a quiz (None: one terminal the partners share)."""
        self.browse = browse
        """Launched as ``tandem browse``: the search to start with ("" lists every card)."""
        self.browse_as = browse_as
        self.keymap: dict[str, str] = {}
        """Binding id -> keys, as given to ``set_keymap`` (the help shows remapped keys)."""

    @property
    def review_only(self) -> bool:
        """Launched as ``tandem review --as NAME``: leaving the review quits."""
        return self.review_as is not None

    @property
    def quiz_only(self) -> bool:
        """Launched as ``tandem quiz`` or ``tandem join``: leaving the quiz quits."""
        return self.quiz_id is not None

    def get_default_screen(self) -> Screen[None]:
        start_gc.pause()  # until the first frame (on_mount): the start makes objects, no garbage
        screen = self._first_screen()
        # Textual reads a screen's CSS_PATH when the screen is pushed, not for the default
        # screen; read here, before the stylesheet's first parse, it costs no second parse.
        self.stylesheet.read_all(screen.css_path)
        return screen

    def _first_screen(self) -> Screen[None]:
        # Screens are imported here, not at the top: start-up loads only the one it shows.
        if self.quiz_id is not None:
            from tandem.tui.screens.quiz import QuizScreen

            return QuizScreen(self.services.open_quiz(self.quiz_id), self.me)
        if self.review_as is not None:
            from tandem.tui.screens.review import ReviewScreen

            return ReviewScreen(
                self.services,
                self.review_as,
                self.review_search,
                cram=self.review_cram,
                session=self.review_session,
            )
        if self.browse is not None:
            from tandem.tui.screens.browse import BrowseScreen

            return BrowseScreen(self.services, self.browse_as, self.browse)
        from tandem.tui.screens.home import HomeScreen

        return HomeScreen(self.services)

    def on_mount(self) -> None:
        from tandem.tui.keymap import Preferences

        self.call_after_refresh(start_gc.resume)
        Preferences(self, self.services).apply()
        if self.sync_on_start:  # after the first frame: the screen comes first
            self.call_after_refresh(self.start_sync)

    def on_unmount(self) -> None:
        start_gc.release()

    async def action_quit(self) -> None:
        """Quits, unless a screen holds work that quitting now would lose (it says so)."""
        from tandem.tui.leaving import HoldsWork

        for screen in reversed(self.screen_stack):
            if isinstance(screen, HoldsWork) and not screen.ready_to_quit():
                return
        self.exit()

    # sync ------------------------------------------------------------------------------------
    def start_sync(self, *, retire: bool = False) -> None:
        """Syncs the deck files in a thread; ``sync_status`` tells the screens how it went.

        A sync that would retire more than half the notes stops and asks first
        (``retire`` is the answer).
        """
        if self.sync_status.running:
            return
        self.sync_status = SyncStatus.started()
        self._sync_worker(retire)

    @work(thread=True, exclusive=True, group="sync")
    def _sync_worker(self, retire: bool) -> None:
        status: SyncStatus
        try:
            other = self.services.open_another()
        except Exception as error:  # noqa: BLE001 - shown in the errors panel, not a crash
            self.post_message(SyncFinished(SyncStatus.from_error(error)))
            return
        try:
            try:
                status = SyncStatus(report=other.sync.run(retire=retire))
            except Exception as error:  # noqa: BLE001 - the reviews of the cards here still travel
                status = SyncStatus.from_error(error)
            try:
                status = replace(status, logs=other.logs.exchange())
            except Exception as error:  # noqa: BLE001 - a notification, not a crash
                status = replace(status, logs_error=getattr(error, "message", str(error)))
        finally:
            other.close()
        self.post_message(SyncFinished(status))

    def on_sync_finished(self, message: SyncFinished) -> None:
        self.sync_status = message.status
        report, logs = message.status.report, message.status.logs
        for notice in deck_notices(report):
            self.notify(notice, title="Decks", markup=False)
        if logs is not None:
            self.services.logs.reread_choices()  # someone may have begun or stopped sharing
            if logs.changed:
                self.notify(describe_logs(logs), title="Reviews", markup=False)
            if logs.problems:
                self.notify(logs_notice(logs), title="Reviews", severity="warning", markup=False)
        if message.status.logs_error:
            self.notify(message.status.logs_error, title="Reviews", severity="error", markup=False)
        if message.status.retiring is not None:
            self._ask_to_retire(*message.status.retiring)

    def _ask_to_retire(self, retiring: int, active: int) -> None:
        from tandem.tui.screens.retire_confirm import RetireConfirmScreen

        def answered(retire: bool | None) -> None:
            if retire:
                self.start_sync(retire=True)

        folder = shown(str(self.services.paths.decks))
        self.push_screen(RetireConfirmScreen(retiring, active, folder), answered)

    # notifications ---------------------------------------------------------------------------
    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every notification (screens' too: theirs come here) with file and log text made
        safe: control and bidi characters shown escaped, as everywhere else."""
        super().notify(
            shown(message, lines=True),
            title=shown(title),
            severity=severity,
            timeout=timeout,
            markup=markup,
        )

    # keys ------------------------------------------------------------------------------------
    def set_keymap(self, keymap: Keymap) -> None:
        """Remaps bindings by id (``[keymap]`` in the config file), and keeps the keymap."""
        self.keymap = dict(keymap)
        super().set_keymap(keymap)

    def update_keymap(self, keymap: Keymap) -> None:
        """Merges ``keymap`` into the keymap (its keys win), and keeps the result."""
        self.keymap = {**self.keymap, **keymap}
        super().update_keymap(keymap)

    # help ------------------------------------------------------------------------------------
    def action_help(self) -> None:
        from tandem.tui.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):
            return
        self.push_screen(HelpScreen(self._help_rows()))

    def _help_rows(self) -> list[HelpRow]:
        """Every tandem binding of the current screen and the app, one row per binding id."""
        rows: list[HelpRow] = []
        taken: set[str] = set()
        for binding in (*type(self.screen).BINDINGS, *self.BINDINGS):
            if not isinstance(binding, Binding) or binding.id is None:
                continue
            remapped = binding.with_key(self.keymap.get(binding.id, binding.key))
            keys = [one for one in Binding.make_bindings([remapped]) if one.key not in taken]
            taken.update(one.key for one in keys)
            shown = [self.get_key_display(one) for one in keys]
            if shown:
                rows.append((" / ".join(shown), binding.description, binding.id))
        palette = self.get_key_display(Binding(self.COMMAND_PALETTE_BINDING, ""))
        return [*rows, (palette, "Command palette: themes and every action", "")]


def run_app(
    services: Services,
    *,
    review_as: str | None = None,
    review_search: str | None = None,
    review_cram: bool = False,
    review_session: StudySession | CramSession | None = None,
    quiz_id: int | None = None,
    me: str | None = None,
    browse: str | None = None,
    browse_as: str | None = None,
) -> None:
    """Runs the TUI until the user quits (``tandem``, ``review``, ``quiz``, ``join``,
    ``browse``)."""
    from tandem.tui.terminal_graphics import prepare_images  # not card_images: no Markdown

    prepare_images(services.paths.decks)  # asks the terminal before Textual reads the keys
    TandemApp(
        services,
        review_as=review_as,
        review_search=review_search,
        review_cram=review_cram,
        review_session=review_session,
        quiz_id=quiz_id,
        me=me,
        browse=browse,
        browse_as=browse_as,
    ).run()
