"""The Next Round app: wiring, modes, global keys and the background work. Screens live in ``screens/``."""

from __future__ import annotations

import asyncio
import gc
import importlib
import threading
from collections.abc import Awaitable, Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from textual.app import App, SystemCommand
from textual.await_complete import AwaitComplete
from textual.binding import Binding
from textual.screen import ModalScreen, Screen

from ..domain.clock import Clock, SystemClock
from ..services.dashboard_data import DueItem
from .messages import DataChanged, RunOnLoop, StartReflection
from .reminder_loop import ReminderLoop
from .screens.dashboard import DashboardScreen
from ..services.editor import Editor
from ..store import Store, StoreError
from ..domain.text import one_line


T = TypeVar("T")

STORE_POLL_SECONDS = 2.0
GC_THRESHOLDS = (50_000, 20, 10)  # see _after_first_frame
# Between Textual's "first frame ready" and starting background threads: the frame is written
# to the terminal by Textual's writer thread, which the background work would slow down
# (measured: the first frame reached tmux 120-180 ms after it was ready when they started at once).
FIRST_FRAME_WRITE_SECONDS = 0.15

# Screens and dialogs the first frame does not need: imported after it, on a background thread,
# so start-up pays only for the dashboard and the first visit to another screen pays nothing.
LATER_MODULES = (
    "tui.services.reminders",
    "tui.ui.screens.applications",
    "tui.ui.screens.board",
    "tui.ui.screens.journal",
    "tui.ui.screens.reflection",
    "tui.ui.screens.help",
    "tui.ui.dialogs.application_form",
    "tui.ui.dialogs.action_form",
    "tui.ui.dialogs.action_detail",
    "tui.ui.dialogs.checkin_dialog",
    "tui.ui.dialogs.reject_dialog",
    "tui.ui.dialogs.timeline_dialog",
)


def _screen_from(module: str, name: str) -> Callable[[], Screen[Any]]:
    """A mode's screen factory that imports the screen's module on first use."""

    def make() -> Screen[Any]:
        return getattr(importlib.import_module(module, __package__), name)()  # type: ignore[no-any-return]

    make.__name__ = f"make_{name}"
    return make


def _import_later_modules() -> None:
    for module in LATER_MODULES:
        try:
            importlib.import_module(module)
        except Exception:  # noqa: BLE001 - a failure shows (with its traceback) when the screen opens
            pass


def _pass_on(done: Future[Any], held: Future[Any]) -> None:
    """Give ``held`` (the future a caller got) the outcome of the job that ran."""
    error = done.exception()
    if error is not None:
        held.set_exception(error)
    else:
        held.set_result(done.result())


class NextRoundApp(App[int]):
    """Thin shell: owns the store, clock, editor and reminder loop; screens do the showing."""

    TITLE = "Next Round"
    # The dashboard's styles load with the app's: the first screen then needs no second parse.
    CSS_PATH = ["styles/app.tcss", "styles/dashboard.tcss"]
    # The four main screens, installed by name: each is built on its first visit and then kept
    # mounted, so a return visit is a ``switch_screen`` to a screen that is built and styled.
    # (Textual's modes hold every update for 50 ms on each switch, ``delay_update``, to hide a
    # screen being built; the terminal showed the old screen for those 50 ms.)
    SCREENS = {
        "dashboard": DashboardScreen,
        "applications": _screen_from(".screens.applications", "ApplicationsScreen"),
        "board": _screen_from(".screens.board", "BoardScreen"),
        "journal": _screen_from(".screens.journal", "JournalScreen"),
    }
    BINDINGS = [
        Binding("1", "show('dashboard')", "Dashboard", show=True),
        Binding("2", "show('applications')", "Applications", show=True),
        Binding("3", "show('board')", "Board", show=True),
        Binding("4", "show('journal')", "Journal", show=True),
        Binding("u", "undo", "Undo"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("q", "quit", "Quit"),
    ]

    def __init__(
        self,
        store: Store,
        clock: Clock | None = None,
        demo: bool = False,
        sender: Callable[[str, str], Any] | None = None,
        reminders: bool = True,
    ) -> None:
        super().__init__()
        self.store = store
        self.clock: Clock = clock or SystemClock()
        self.editor = Editor(store, self.clock)
        self.demo = demo
        self.sender = sender
        self.reminders_enabled = reminders
        self.first_frame_shown = False
        self.current_place = "dashboard"  # the main screen shown (under any dialog): a SCREENS name
        self.closing_down = False  # set on unmount: the writer thread is gone, start no more work
        self._first_frame_waiters: list[Callable[[], Any]] = []
        # One writer thread keeps changes in order and off the event loop.
        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nextround-writer")
        self._held_jobs: list[tuple[Callable[[], Any], Future[Any]]] = []  # changes waiting for a frame
        self._release_asked = False
        self._event_loop: asyncio.AbstractEventLoop | None = None
        self.reminder_loop = ReminderLoop(self, sender=sender)
        self.delivery_status: str | None = None if reminders else "not checked (reminders off)"
        if demo:
            self.sub_title = "demo data (nothing you do here is kept)"
        # The saved theme before the first frame, so the dashboard is not drawn twice.
        theme = store.settings().theme
        if theme in self.available_themes:
            self.theme = theme

    # -- start and stop --------------------------------------------------------------------------

    def on_mount(self) -> None:
        self._event_loop = asyncio.get_running_loop()
        self.theme_changed_signal.subscribe(self, self._save_theme)
        self.set_interval(STORE_POLL_SECONDS, self._poll_store, name="store-poll")
        # A change waiting over a second for another Next Round's lock says so (it gives up,
        # with a message naming that process, after a few seconds: Store.lock_timeout).
        self.store.on_wait = lambda: self.post_from_thread(self._say_waiting)

    def get_default_screen(self) -> Screen[Any]:
        """Start straight on the dashboard: the bottom of the screen stack (see ``show``)."""
        return self.get_screen("dashboard")

    def show(self, name: str) -> Awaitable[Any]:
        """Show the main screen ``name`` in place of the one shown: built on its first visit,
        then kept mounted (``SCREENS``), so a return visit draws a screen that is ready.

        The dashboard is the bottom of the screen stack; another main screen is pushed on it
        (and replaced by the next one, or popped to go back to the dashboard).
        """
        if len(self.screen_stack) > self._main_depth():  # a reflection or a dialog is open on top
            self.notify("Leave this screen first (esc): your answers are kept.", timeout=3)
            return AwaitComplete.nothing()
        old, self.current_place = self.current_place, name
        if name == old:
            return AwaitComplete.nothing()
        if name == "dashboard":
            return self.pop_screen()
        if old == "dashboard":
            return self.push_screen(name)
        return self.switch_screen(name)

    def _main_depth(self) -> int:
        """How deep the screen stack is with only the main screen shown."""
        return 1 if self.current_place == "dashboard" else 2

    def action_show(self, name: str) -> None:
        self.show(name)

    def on_ready(self) -> None:
        """The first frame is laid out and handed to the terminal's writer thread: after a
        moment for that thread to write it, the work the frame did not need."""
        self.set_timer(FIRST_FRAME_WRITE_SECONDS, self._first_frame_written)

    def _first_frame_written(self) -> None:
        if self.closing_down:  # quit before the first frame's timer came round
            return
        self.first_frame_shown = True
        self._after_first_frame()
        waiting, self._first_frame_waiters = self._first_frame_waiters, []
        for callback in waiting:
            callback()

    def after_first_frame(self, callback: Callable[[], Any]) -> None:
        """Run ``callback`` once the first frame is on screen (after the next refresh if it is).

        Heavy background work started earlier (decoding the store on the writer thread,
        importing the other screens) holds the interpreter lock while the first frame is
        still being laid out and written, and delayed it by 100-200 ms on a large store.
        """
        if self.first_frame_shown:
            self.call_after_refresh(callback)
        else:
            self._first_frame_waiters.append(callback)

    def _after_first_frame(self) -> None:
        """Work the first frame does not need: reminders, the other screens' code, GC tuning."""
        # The loaded store is long-lived: keep it out of the garbage collector's scans, whose
        # pauses otherwise grow with the data and land on keystrokes. And collect less often:
        # drawing a screen allocates tens of thousands of short-lived objects, and with the
        # default thresholds (700, 10, 10) collections cost 30-50 ms of a large board's filter
        # key. Cycles are still collected; a full pass comes every few million allocations.
        # Start-up ran with few collections (tui.__main__), so its few thousand cyclic garbage
        # objects (3,400 on an empty store, 400 on the large demo) are frozen with the rest:
        # about half a megabyte, once, instead of a 65-75 ms full collection here on the loop.
        gc.freeze()
        gc.set_threshold(*GC_THRESHOLDS)
        if self.reminders_enabled:
            self.reminder_loop.start()
        threading.Thread(target=_import_later_modules, name="nextround-imports", daemon=True).start()

    def on_unmount(self) -> None:
        self.closing_down = True
        self.reminder_loop.stop()
        self._release_held_jobs()  # a change made just before quitting still gets saved
        self._writer.submit(self._refresh_dashboard_cache)
        self._writer.shutdown(wait=True)

    def _refresh_dashboard_cache(self) -> None:
        """Leave the next start a dashboard that matches the data (if this session changed it)."""
        from ..services import dashboard_cache

        try:
            now = self.clock.now()
            if dashboard_cache.load(self.store.path, self.store.fingerprint, now, self.clock.tz) is None:
                dashboard_cache.build_and_save(self.store, now, self.clock.tz)
        except Exception:  # noqa: BLE001 - a cache; quitting must never fail because of it
            pass

    # -- changes -------------------------------------------------------------------------------

    def change(
        self,
        operation: Callable[[Editor], T],
        on_done: Callable[[T], None] | None = None,
        refresh: bool = True,
        after_frame: bool = False,
    ) -> Future[T]:
        """Run a store change on the writer thread; then call ``on_done`` and redraw the screen.

        ``after_frame``: start it once the next frame is drawn (the board, which shows a change
        before saving it). Encoding a large store holds Python's interpreter lock for 10-15 ms,
        and started at once it held back the very frame that shows the key's effect.
        """
        self._remember_loop()
        future = self._to_writer(lambda: operation(self.editor), after_frame)
        future.add_done_callback(lambda done: self.post_from_thread(self._change_finished, done, on_done, refresh))
        return future

    def read(self, operation: Callable[[Store], T], on_done: Callable[[T], None]) -> Future[T]:
        """Compute something from the store on the writer thread (in order with the changes),
        then hand the result to ``on_done`` on the event loop: big reads never block a key."""
        self._remember_loop()
        if self.closing_down:  # a timer or a late message after quit: nobody will see the result
            skipped: Future[T] = Future()
            skipped.cancel()
            return skipped
        future = self._to_writer(lambda: operation(self.store))
        future.add_done_callback(lambda done: self.post_from_thread(self._read_finished, done, on_done))
        return future

    def writes_done(self) -> Future[None]:
        """Done when every change asked for so far is on disk (tests and the bench wait on it)."""
        self._release_held_jobs()
        return self._writer.submit(lambda: None)

    def _to_writer(self, job: Callable[[], T], after_frame: bool = False) -> Future[T]:
        """Hand ``job`` to the writer thread, behind any change still waiting for its frame, so
        the writer runs everything in the order it was asked for."""
        if not after_frame and not self._held_jobs:
            return self._writer.submit(job)
        held: Future[T] = Future()
        self._held_jobs.append((job, held))
        if not self._release_asked:
            self._release_asked = True
            if not self.call_after_refresh(self._release_held_jobs):
                self._release_held_jobs()  # closing: no frame will come
        return held

    def _release_held_jobs(self) -> None:
        self._release_asked = False
        jobs, self._held_jobs = self._held_jobs, []
        for job, held in jobs:
            self._writer.submit(job).add_done_callback(lambda done, held=held: _pass_on(done, held))

    def _read_finished(self, done: Future[T], on_done: Callable[[T], None]) -> None:
        error = done.exception()
        if error is not None:
            self.notify(f"Could not read your data: {error}", title="Not shown", severity="error", markup=False)
            return
        on_done(done.result())

    def _remember_loop(self) -> None:
        """Note the event loop (work may be queued by a screen before the app's own mount)."""
        if self._event_loop is None:
            try:
                self._event_loop = asyncio.get_running_loop()
            except RuntimeError:  # not on the loop: post_from_thread will drop results until it runs
                pass

    def post_from_thread(self, callback: Callable[..., Any], *args: Any) -> None:
        """Run ``callback(*args)`` on the event loop soon, without the calling thread waiting.

        (``call_from_thread`` waits for the result, which would let a busy screen hold up the
        writer thread, or deadlock if the event loop is itself waiting on that thread.) It
        travels as a message, so it runs with the app's context like any handler.
        """
        if self._event_loop is None or self._event_loop.is_closed():
            return
        try:
            self.post_message(RunOnLoop(callback, args))
        except RuntimeError:  # the loop closed meanwhile: the app is gone
            pass

    def on_run_on_loop(self, message: RunOnLoop) -> None:
        message.callback(*message.args)

    def _change_finished(self, done: Future[T], on_done: Callable[[T], None] | None, refresh: bool) -> None:
        error = done.exception()
        if error is not None:
            message = str(error) if isinstance(error, StoreError) else f"That change was not saved: {error}"
            self.notify(message, title="Not saved", severity="error", markup=False)
            self.screen.post_message(DataChanged(external=True))
            return
        if on_done is not None:
            on_done(done.result())
        if refresh:
            self.screen.post_message(DataChanged())

    def _say_waiting(self) -> None:
        self.notify("Waiting for another Next Round…", title="Busy", severity="warning", timeout=4, markup=False)

    def _poll_store(self) -> None:
        """Notice another window's or ``nextround remind``'s writes (a stat; a re-read only if changed)."""

        def check(_: Editor) -> bool:
            # Also when one of our own changes read another window's write in (its transaction
            # merged onto it): the screen must show that window's change too.
            changed = self.store.refresh()
            seen, self._disk_reloads_seen = getattr(self, "_disk_reloads_seen", 0), self.store.disk_reloads
            return changed or seen != self.store.disk_reloads

        def done(changed: bool) -> None:
            if changed:
                self.screen.post_message(DataChanged(external=True))

        self.change(check, on_done=done, refresh=False)

    def _save_theme(self, theme: Any) -> None:
        name = getattr(theme, "name", str(theme))
        self.change(lambda editor: editor.store.save_settings(editor.store.settings().with_changes(theme=name)), refresh=False)

    # -- actions ---------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Undo and mode switches belong to the main screens, not to an open dialog."""
        if action in ("undo", "show") and isinstance(self.screen, ModalScreen):
            return False
        return True

    def action_undo(self) -> None:
        def done(description: str | None) -> None:
            if description is None:
                self.notify("Nothing to undo.", timeout=2)
            else:
                self.notify(f"Undone: {one_line(description)}", timeout=3, markup=False)

        self.change(lambda editor: editor.undo(), on_done=done)

    def action_help(self) -> None:
        from .screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def on_start_reflection(self, message: StartReflection) -> None:
        self.open_reflection(message.rejection_id)

    def open_reflection(self, rejection_id: int) -> None:
        from .screens.reflection import ReflectionScreen

        self.push_screen(ReflectionScreen(rejection_id))

    def open_reminder(self, item: DueItem) -> None:
        self.reminder_loop.open(item)

    def snooze_reminder(self, item: DueItem) -> None:
        self.reminder_loop.snooze(item)

    def dismiss_reminder(self, item: DueItem) -> None:
        self.reminder_loop.dismiss(item)

    def export_to(self, fmt: str) -> None:
        """Write an export next to the store (JSON backup, Markdown journal or ICS calendar) and say where."""
        from datetime import datetime

        from ..store.storage import atomic_write_bytes
        from ..store.transfer import export_text

        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        target = self.store.path.parent / f"nextround-export-{stamp}.{fmt}"

        def write(editor: Editor) -> str:
            if fmt == "ics":
                from ..services.calendar_export import calendar_text

                text = calendar_text(editor.store, self.clock.now(), self.clock.tz)
            else:
                text = export_text(editor.store, fmt)
            atomic_write_bytes(target, text.encode("utf-8"))
            return str(target)

        self.change(write, on_done=lambda path: self.notify(f"Exported to {path}", markup=False), refresh=False)

    def _on_mode(self, mode: str, action: str) -> Callable[[], None]:
        """A palette command that goes to ``mode`` and runs one of its screen's actions there."""

        def run() -> None:
            def act() -> None:
                self.call_later(self.screen.run_action, action)

            if self.current_place == mode and len(self.screen_stack) == self._main_depth():
                act()
            else:
                self._switch_then(mode, act)

        return run

    def _switch_then(self, mode: str, then: Callable[[], None]) -> None:
        async def go() -> None:
            await self.show(mode)
            if self.current_place == mode and len(self.screen_stack) == self._main_depth():
                then()  # not when a reflection kept the screen (``show`` said why)

        self.call_later(go)

    def _answer_first_checkin(self) -> None:
        """Open the first due check-in (from the palette, wherever you are)."""
        from ..services.dashboard_data import reminders_due

        due = [item for item in reminders_due(self.store, self.clock.now(), self.clock.tz) if item.kind == "check_in"]
        if due:
            self.reminder_loop.open(due[0])
        else:
            self.notify("No check-in is due right now.", timeout=3)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("Add application", "A new application, in a form (Applications: a)", self._on_mode("applications", "add"))
        yield SystemCommand("Mark application rejected", "The highlighted application (Applications: r)", self._on_mode("applications", "reject"))
        yield SystemCommand("Add action item", "A new card on the board (Board: a)", self._on_mode("board", "add"))
        yield SystemCommand("Start or resume a reflection", "Pick a rejection in the journal (Journal: enter)", self._on_mode("journal", "open_selected"))
        yield SystemCommand("Answer a check-in", "The first check-in that is due", self._answer_first_checkin)
        yield SystemCommand("Snooze a reminder", "The highlighted one on the dashboard (Dashboard: s)", self._on_mode("dashboard", "snooze_due"))
        yield SystemCommand("Go to dashboard", "What is due today, pipeline, momentum (1)", lambda: self.show("dashboard"))
        yield SystemCommand("Go to applications", "Your job search list (2)", lambda: self.show("applications"))
        yield SystemCommand("Go to board", "Action items: To do, Doing, Done (3)", lambda: self.show("board"))
        yield SystemCommand("Go to journal", "Reflections, finished and in progress (4)", lambda: self.show("journal"))
        yield SystemCommand("Undo", "Undo the last change (u)", self.action_undo)
        yield SystemCommand("Export backup (JSON)", "Write a complete backup next to your data", lambda: self.export_to("json"))
        yield SystemCommand("Export journal (Markdown)", "Write a readable journal next to your data", lambda: self.export_to("md"))
        yield SystemCommand("Export calendar (ICS)", "Coming reminders and dated actions, for your calendar", lambda: self.export_to("ics"))
        yield SystemCommand("Keyboard help", "Every key, screen by screen (?)", self.action_help)
        for command in getattr(screen, "commands", lambda: ())():
            yield command
