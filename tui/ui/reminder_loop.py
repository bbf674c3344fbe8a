"""The app's side of reminders: a background scheduler and the dialogs for acting on them.

The scheduler wakes at the next due time or every 60 seconds, whichever is sooner, and asks
``ReminderService.run_once`` (which claims each reminder in the store before sending, so two
open windows and ``nextround remind`` raise it once in total). After each fresh plan it leaves
the plan's promise beside the store (:mod:`tui.services.remind_cache`), as ``remind --once`` does.
Sending can block for seconds (D-Bus), so it runs on its own thread, never on the event loop
and never on the writer thread.
When the desktop cannot show a notification, the app shows a toast and rings the bell instead.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol

from ..services.dashboard_data import DueItem
from ..domain.dates import format_moment
from ..domain.models import ActionItem, ActionStatus, Stage
from .messages import DataChanged
from ..services.editor import Editor

from .host import AppServices

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.timer import Timer

    from ..services.reminders import Answer, Raised, ReminderService, Sender

log = logging.getLogger(__name__)

MAX_SLEEP_SECONDS = 60.0


class ReminderHost(AppServices, Protocol):
    """What the loop needs from the app (``NextRoundApp``): its services, and Textual's
    toasts, bell, dialogs and timers. Handed in, so this module never imports the app."""

    @property
    def screen(self) -> Screen[Any]: ...

    def notify(self, message: str, *, title: str = "", severity: Any = "information",
               timeout: float | None = None, markup: bool = True) -> None: ...

    def bell(self) -> None: ...

    def push_screen(self, screen: Any, callback: Any = None) -> Any: ...

    def set_timer(self, delay: float, callback: Any = None, *, name: str | None = None) -> Timer: ...


class ReminderLoop:
    """Owns the reminder service for the app: scheduling, delivery fallback, and acting."""

    def __init__(self, app: ReminderHost, sender: Sender | None = None) -> None:
        self.app = app
        self._sender = sender
        self._service: ReminderService | None = None  # made on first use: the rules load after the first frame
        self._sender_thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nextround-notify")
        self._timer: Timer | None = None
        self._running: Future[list[Raised]] | None = None
        self._fallback_logged = False
        self._started = False
        self._stopped = False
        self._remembered_plan: object = None  # the plan whose promise was last left for `remind`
        self.raised: list[Raised] = []

    @property
    def service(self) -> ReminderService:
        if self._service is None:
            from ..services.reminders import ReminderService, desktop_sender

            self._service = ReminderService(self.app.store, self.app.clock, sender=self._sender or desktop_sender)
        return self._service

    @property
    def check_in_flight(self) -> Future[list[Raised]] | None:
        """The reminder check running now (or last run), for callers that wait on it (tests)."""
        return self._running

    # -- scheduling -----------------------------------------------------------------------------

    def start(self) -> None:
        self.service  # noqa: B018 - made here, on the event loop, before any thread uses it
        self._started = True
        self._sender_thread.submit(self._check_delivery)
        self.tick()

    def stop(self) -> None:
        self._stopped = True
        if self._timer is not None:
            self._timer.stop()
        self._sender_thread.shutdown(wait=False, cancel_futures=True)

    def _check_delivery(self) -> None:
        from ..notify import server_available

        result = server_available(timeout=2.0)
        status = "working" if result.sent else f"off — {result.reason}; reminders show here instead"
        if not result.sent:
            log.info("desktop reminders off: %s", result.reason)
        self._call(self._set_status, status)

    def _set_status(self, status: str) -> None:
        self.app.delivery_status = status
        self.app.screen.post_message(DataChanged(external=True))

    def tick(self) -> Future[list[Raised]] | None:
        """Raise what is due now (off the event loop), then sleep until the next due time."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._stopped:
            return None
        if self._running is not None and not self._running.done():
            return self._running
        future = self._sender_thread.submit(self._run_and_plan)
        self._running = future
        future.add_done_callback(lambda done: self._call(self._after_tick, done))
        return future

    def _run_and_plan(self) -> list[Raised]:
        service = self.service
        raised = service.run_once()
        self._next_wake = service.next_wake()
        if service.last_plan is not self._remembered_plan:
            # A fresh plan: leave its promise for the timer's ``remind --once`` too (what
            # ``remind`` itself does), so a timer run while the app is open, after changes made
            # here, finds it and skips reading the store. Best effort, off the event loop.
            from ..services import remind_cache

            remind_cache.remember(service)
            self._remembered_plan = service.last_plan
        return raised

    def _after_tick(self, done: Future[list[Raised]]) -> None:
        if self._stopped:
            return
        error = done.exception()
        if error is not None:
            log.warning("reminder check failed: %s", error)
            self.app.notify(f"Could not check reminders: {error}", severity="warning", markup=False)
            raised: list[Raised] = []
        else:
            raised = done.result()
        for item in raised:
            self.raised.append(item)
            if not item.delivered:
                self._fallback(item)
        if raised:
            self.app.screen.post_message(DataChanged())
        self._schedule()

    def _schedule(self) -> None:
        delay = MAX_SLEEP_SECONDS
        wake: datetime | None = getattr(self, "_next_wake", None)
        if wake is not None:
            delay = min(MAX_SLEEP_SECONDS, max(1.0, (wake - self.app.clock.now()).total_seconds()))
        self._timer = self.app.set_timer(delay, self.tick, name="reminders")

    def _fallback(self, item: Raised) -> None:
        """The desktop could not show it: a toast and the terminal bell, and one log line saying why."""
        if not self._fallback_logged:
            log.warning("desktop notifications unavailable: %s", item.reason)
            self._fallback_logged = True
        # Inside the app a digest needs no list (the dashboard has it): keep the toast short.
        body = "They are listed under Due now on the dashboard (press 1)." if item.is_digest else item.body
        self.app.notify(body, title=item.title, timeout=12, markup=False)
        self.app.bell()

    def _call(self, callback, *args) -> None:  # type: ignore[no-untyped-def]
        self.app.post_from_thread(callback, *args)

    # -- acting on a due item -------------------------------------------------------------------

    def open(self, item: DueItem) -> None:
        """Enter on a due item: the check-in dialog, or the follow-up / move-on prompt."""
        if item.kind == "check_in" and item.checkin_id is not None:
            from .dialogs.checkin_dialog import CheckInDialog

            done_since, preview, suggestion = self._checkin_context(item.checkin_id)
            self.app.push_screen(
                CheckInDialog(item.title, item.detail, done_since=done_since, preview=preview, suggestion=suggestion),
                lambda result: self._checkin_answered(item, result),
            )
            return
        from .dialogs.reminder_dialog import ReminderDialog
        from ..services.dashboard_data import due_label

        if item.kind == "follow_up" and self._open_follow_up(item):
            return
        move_on = ""
        if item.kind == "move_on":
            move_on = "rejection" if item.rejection_id is not None else "application"
        can_plan = not move_on and item.application_id is not None
        self.app.push_screen(
            ReminderDialog(due_label(item.kind), item.title, item.detail, move_on=move_on, can_plan=can_plan),
            lambda choice: self._prompt_answered(item, choice),
        )

    def plan_follow_up(self, item: DueItem) -> None:
        """A follow-up prompt's "Plan it": the action form, titled and linked to the application.

        The prompt stays open: it goes once the follow-up is recorded (ticking the card offers to).
        """
        from .dialogs.action_form import ActionFormDialog
        from ..domain.text import flat

        store, clock = self.app.store, self.app.clock
        application = store.applications.get(item.application_id) if item.application_id is not None else None
        if application is None:
            self.app.notify("That application is no longer there.", severity="warning", timeout=4)
            return
        company = flat(application.company)
        first_name = flat(application.contact_name).split(" ")[0] if application.contact_name.strip() else ""
        title = f"Follow up with {first_name} at {company}" if first_name else f"Follow up with {company}"

        def chosen(result: ActionItem | None) -> None:
            if result is None:
                return
            self.app.change(
                lambda editor: editor.add_action(result),
                on_done=lambda saved: self.app.notify(f"On your board: “{flat(saved.title)}”.", timeout=4, markup=False),
            )

        today = clock.now().astimezone(clock.tz).date()
        self.app.push_screen(
            ActionFormDialog(
                today=today,
                title=title,
                origin=f"Follow-up: {company}",
                applications=store.applications.all(),
                application_id=application.id,
            ),
            chosen,
        )

    def _open_follow_up(self, item: DueItem) -> bool:
        """A follow-up about an application, or the nudge after asking for feedback: the prompt
        with a ready-to-send note. False when it is neither (or the application is gone)."""
        from ..domain.follow_up_note import draft_feedback_nudge, draft_follow_up
        from ..domain.reminders import TOPIC_FEEDBACK_NUDGE, TOPIC_FOLLOW_UP, parse_key
        from ..services.dashboard_data import due_label
        from .dialogs.follow_up_dialog import FollowUpDialog
        from .email_actions import copy_note, note_file_text, open_mail, save_note

        key = item.reminder_key
        if key is None or item.application_id is None:
            return False
        try:
            topic = parse_key(key).topic
        except ValueError:
            return False
        store, clock = self.app.store, self.app.clock
        application = store.applications.get(item.application_id)
        if application is None or topic not in (TOPIC_FOLLOW_UP, TOPIC_FEEDBACK_NUDGE):
            return False
        today = clock.now().astimezone(clock.tz).date()
        sender = store.settings().your_name
        if topic == TOPIC_FEEDBACK_NUDGE:
            rejection = store.rejections.get(item.rejection_id) if item.rejection_id is not None else None
            if rejection is None:
                return False
            note = draft_feedback_nudge(application, rejection, today, sender)
            timeline_note = "followed up on the feedback request"
        else:
            note = draft_follow_up(application, clock.tz, today, sender)
            timeline_note = "sent a follow-up note"
        to = application.contact_email.strip()

        def save_as_file(text: str) -> None:
            save_note(self.app, "follow-up", application.company, note_file_text(to, note.subject, text))

        heading = "A note you could send (edit it freely, it's yours). " + (f"To: {to} · " if to else "") + f"Subject: {note.subject}"
        dialog = FollowUpDialog(
            due_label(item.kind),
            item.title,
            item.detail,
            note.body,
            heading,
            on_copy=lambda text: copy_note(self.app, text, "the note", save_instead=lambda: save_as_file(text)),
            on_save=save_as_file,
            on_mail=lambda text: open_mail(self.app, to, note.subject, text),
        )
        self.app.push_screen(dialog, lambda choice: self._follow_up_answered(item, key, timeline_note, choice))
        return True

    def _follow_up_answered(self, item: DueItem, key: str, timeline_note: str, choice: str | None) -> None:
        """ "I followed up" records it on the timeline (restarting the silence clock) and settles
        the prompt; the other answers are the usual ones."""
        if choice == "followed_up" and item.application_id is not None:
            app_id = item.application_id

            def record(editor: Editor) -> object:
                saved = editor.record_follow_up(app_id, timeline_note)
                self.service.complete(key)
                return saved

            def done(saved: object) -> None:
                company = getattr(saved, "company", "") or "the application"
                self.app.notify(
                    f"Follow-up recorded on {company}'s timeline. Its silence clock starts again today.",
                    timeout=5,
                    markup=False,
                )
                self._reschedule_soon()

            self.app.change(record, on_done=done)
            return
        self._prompt_answered(item, choice)

    def _checkin_context(
        self, checkin_id: int
    ) -> tuple[list[str], Callable[[int], str], tuple[int, str] | None]:
        """What got done since the series' last answer, the ladder's next date per mood, and
        the one small action to offer on a hard day (id, title), if the board has one."""
        from ..domain.reminders import next_checkin, suggested_action

        store, now, zone = self.app.store, self.app.clock.now(), self.app.clock.tz
        row = store.checkins.get(checkin_id)
        rejection = store.rejections.get(row.rejection_id) if row and row.rejection_id else None
        answered = [
            c.answered_at for c in store.checkins.all()
            if row and c.rejection_id == row.rejection_id and c.answered_at is not None and c.sequence < row.sequence
        ]
        since = max(answered) if answered else (row.created_at if row else None)
        done = sorted(
            (a for a in store.actions.all() if a.completed_at is not None and since is not None and a.completed_at >= since),
            key=lambda a: a.completed_at or now,
            reverse=True,
        )
        settings = store.settings()

        def preview(mood: int) -> str:
            if row is None or rejection is None or row.topic != "ladder":
                return ""
            following = next_checkin(row, mood, rejection, settings, now, zone)
            if following is None:
                return "With that answer this is the last check-in for this chapter."
            return f"Next check-in: {format_moment(following.due_at, now, zone)}"

        small_step = suggested_action(store.actions.all(), now.astimezone(zone).date())
        suggestion = (small_step.id, small_step.title) if small_step is not None else None
        return [a.title for a in done], preview, suggestion

    def _checkin_answered(self, item: DueItem, result) -> None:  # type: ignore[no-untyped-def]
        if result is None:
            return
        if result.action == "snooze":
            self.snooze(item)
        elif result.action == "dismiss":
            self.dismiss(item)
        else:
            checkin_id = item.checkin_id
            assert checkin_id is not None
            start_id = result.start_action_id

            def answer(editor: Editor) -> tuple[Answer, bool]:
                answer = self.service.answer_checkin(checkin_id, result.mood, result.note)
                started = False
                if start_id is not None:
                    action = self.app.store.actions.get(start_id)
                    if action is not None and action.status is not ActionStatus.DONE:
                        if action.status is not ActionStatus.DOING:
                            editor.move_action(action, ActionStatus.DOING)
                        started = True
                return answer, started

            self.app.change(answer, on_done=lambda done: self._answer_saved(*done))

    def _answer_saved(self, answer: Answer, started: bool = False) -> None:
        from ..domain.reminders import checkin_reply

        app = self.app
        following = answer.next
        when = format_moment(following.due_at, app.clock.now(), app.clock.tz) if following is not None else None
        suggestion = answer.suggestion.title if answer.suggestion is not None else None
        message = checkin_reply(answer.answered.mood or 3, when, suggestion, started)
        app.notify(message, title="Check-in saved", timeout=8, markup=False)
        self._reschedule_soon()

    def _prompt_answered(self, item: DueItem, choice: str | None) -> None:
        key = item.reminder_key
        if choice is None or key is None:
            return
        if choice == "snooze":
            self.snooze(item)
        elif choice == "dismiss":
            self.dismiss(item)
        elif choice == "plan":
            self.plan_follow_up(item)
        elif choice == "move_on" and item.rejection_id is not None:
            rejection_id = item.rejection_id

            def close(_: object) -> None:
                self.service.move_on(rejection_id)
                self.service.complete(key)

            self.app.change(close, on_done=lambda _: self.app.notify("Chapter closed. Onwards.", timeout=4))
        elif choice == "ghosted" and item.application_id is not None:
            app_id = item.application_id

            def ghosted(editor: Editor) -> None:
                editor.set_stage(app_id, Stage.GHOSTED, "no reply")
                self.service.complete(key)

            self.app.change(ghosted, on_done=lambda _: self.app.notify("Marked as ghosted (u to undo). Onwards.", timeout=4))
        else:
            self.app.change(lambda _: self.service.complete(key), on_done=lambda _: self._reschedule_soon())

    def snooze(self, item: DueItem) -> None:
        from .dialogs.snooze_dialog import SnoozeDialog
        from ..domain.reminders import tomorrow_morning

        key = item.reminder_key
        if key is None:
            return
        now, zone = self.app.clock.now(), self.app.clock.tz
        morning = tomorrow_morning(now, self.app.store.settings(), zone)

        def chosen(until: datetime | None) -> None:
            if until is None:
                return
            self.app.change(
                lambda _: self.service.snooze(key, until),
                on_done=lambda _: self.app.notify(f"Snoozed until {format_moment(until, now, zone)}.", timeout=4, markup=False),
            )
            self._reschedule_soon()

        self.app.push_screen(SnoozeDialog(now, zone, morning), chosen)

    def dismiss(self, item: DueItem) -> None:
        key = item.reminder_key
        if key is None:
            return
        self.app.change(lambda _: self.service.dismiss(key), on_done=lambda _: self.app.notify("Dismissed.", timeout=3))

    def _reschedule_soon(self) -> None:
        """After acting, the next due time may have moved: look again shortly."""
        if not self._started or self._stopped:
            return
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.app.set_timer(1.0, self.tick, name="reminders")
