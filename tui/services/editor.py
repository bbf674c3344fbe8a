"""The changes a person makes, as operations on the store that know how to undo themselves.

No Textual here: the app runs these on its writer thread, the tests call them directly.
Each operation records an ``UndoEntry`` (what it was, and how to put it back) so ``u``
can step back through at least the last 50 changes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date
from typing import TypeVar

from ..domain.clock import Clock
from ..domain.models import (
    ActionItem,
    ActionStatus,
    Application,
    CheckIn,
    FeedbackState,
    Reflection,
    Rejection,
    Stage,
)
from ..store import Repository, Store

UNDO_DEPTH = 50
R = TypeVar("R", Application, ActionItem, Rejection, Reflection)


@dataclass(frozen=True)
class UndoEntry:
    description: str
    undo: Callable[[], None]


class Editor:
    """Applies changes to the store and keeps the undo history (thread-safe)."""

    def __init__(self, store: Store, clock: Clock) -> None:
        self.store = store
        self.clock = clock
        self._undo: list[UndoEntry] = []
        self._lock = threading.Lock()

    # -- undo ------------------------------------------------------------------------------

    def _remember(self, description: str, undo: Callable[[], None]) -> None:
        with self._lock:
            self._undo.append(UndoEntry(description, undo))
            del self._undo[:-UNDO_DEPTH]

    @property
    def can_undo(self) -> bool:
        return bool(self._undo)

    def undo(self) -> str | None:
        """Undo the last change; returns its description, or None when there is nothing to undo."""
        with self._lock:
            if not self._undo:
                return None
            entry = self._undo.pop()
        with self.store.transaction():
            entry.undo()
        return entry.description

    def _updated(self, repo: Repository[R], new: R, description: str, base: R | None = None) -> R:
        """Save ``new`` as a change (the fields it changes against ``base``, the version it was
        edited from) applied to the record as it is on disk now: another window's change to
        other fields is kept; one to the same field refuses this save (``ChangedElsewhere``).
        ``base`` None: the store works out which version this window held (see
        ``Repository.update``)."""
        with self.store.transaction():
            old = repo.get(new.id)
            saved = repo.update(new, base=base)
        if old is not None:
            self._remember(description, lambda: repo.update(old))
        return saved

    # -- applications ------------------------------------------------------------------------

    def add_application(self, app: Application) -> Application:
        now = self.clock.now()
        if not app.timeline:
            app = app.moved_to(app.stage, now)
        saved = self.store.applications.add(replace(app, created_at=app.created_at or now, updated_at=now))
        self._remember(f"added {saved.company}", lambda: self.store.applications.delete(saved.id))
        return saved

    def save_application(self, app: Application) -> Application:
        return self._updated(self.store.applications, replace(app, updated_at=self.clock.now()), f"edited {app.company}")

    def set_stage(self, app_id: int, stage: Stage, note: str = "") -> Application | None:
        app = self.store.applications.get(app_id)
        if app is None or app.stage is stage:
            return app
        return self._updated(
            self.store.applications, app.moved_to(stage, self.clock.now(), note), f"{app.company}: {app.stage.label} → {stage.label}"
        )

    def mark_applied(self, app_id: int) -> Application | None:
        """A wishlist entry was sent today: applied on today's (local) date, on its timeline, and
        its follow-up clock starts. Anything not on the wishlist is returned unchanged."""
        app = self.store.applications.get(app_id)
        if app is None or app.stage is not Stage.WISHLIST:
            return app
        now = self.clock.now()
        applied = replace(
            app.moved_to(Stage.APPLIED, now, "applied"),
            applied_on=now.astimezone(self.clock.tz).date(),
            last_prompt_reset=None,
        )
        return self._updated(self.store.applications, applied, f"{app.company}: Wishlist → Applied")

    def record_follow_up(self, app_id: int, note: str = "") -> Application | None:
        """Note on the application's timeline that the person followed up (restarts its silence clock)."""
        app = self.store.applications.get(app_id)
        if app is None:
            return None
        return self._updated(
            self.store.applications, app.followed_up(self.clock.now(), note), f"{app.company}: follow-up recorded"
        )

    def delete_application(self, app_id: int) -> Application | None:
        app = self.store.applications.delete(app_id)
        if app is not None:
            self._remember(f"deleted {app.company}", lambda: self.store.applications.restore(app))
        return app

    def mark_rejected(self, app_id: int, on: date, stage: Stage, reason: str = "") -> Rejection:
        """Move the application to rejected and open a Rejection record (its reflection is then due)."""
        now = self.clock.now()
        with self.store.transaction():
            app = self.store.applications.get(app_id)
            if app is None:
                from ..store import RecordMissing

                raise RecordMissing("that application no longer exists")
            moved = self.store.applications.update(app.moved_to(Stage.REJECTED, now))
            rejection = self.store.rejections.add(
                Rejection(application_id=app_id, on=on, stage=stage, reason=reason, created_at=now)
            )

        def undo() -> None:
            self.store.rejections.delete(rejection.id)
            self.store.applications.update(app)

        self._remember(f"marked {moved.company} rejected", undo)
        return rejection

    def rejection_for(self, app_id: int) -> Rejection | None:
        found = [r for r in self.store.rejections.all() if r.application_id == app_id]
        return max(found, key=lambda r: r.id) if found else None

    def save_rejection(self, rejection: Rejection) -> Rejection:
        return self._updated(self.store.rejections, rejection, "updated the rejection")

    def set_feedback(self, rejection_id: int, state: FeedbackState, text: str = "") -> Rejection | None:
        rejection = self.store.rejections.get(rejection_id)
        if rejection is None:
            return None
        today = self.clock.now().astimezone(self.clock.tz).date()
        changes: dict[str, object] = {"feedback_state": state}
        if state is FeedbackState.ASKED:
            changes["feedback_asked_on"] = rejection.feedback_asked_on or today
        if state is FeedbackState.RECEIVED:
            changes.update(feedback_received_on=today, feedback_text=text)
        return self.save_rejection(replace(rejection, **changes))  # type: ignore[arg-type]

    # -- reflections -----------------------------------------------------------------------------

    def reflection_for(self, rejection_id: int) -> Reflection | None:
        for reflection in self.store.reflections.all():
            if reflection.rejection_id == rejection_id:
                return reflection
        return None

    def save_reflection(self, reflection: Reflection) -> Reflection:
        """Saved as the person goes (every step), so the wizard can be left and resumed."""
        now = self.clock.now()
        reflection = replace(reflection, updated_at=now, started_at=reflection.started_at or now)
        if reflection.id:
            return self.store.reflections.update(reflection)
        return self.store.reflections.add(reflection)

    # -- action items ------------------------------------------------------------------------------

    def add_action(self, item: ActionItem) -> ActionItem:
        saved = self.store.actions.add(replace(item, created_at=item.created_at or self.clock.now()))
        self._remember(f"added “{saved.title}”", lambda: self.store.actions.delete(saved.id))
        return saved

    def add_actions(self, items: list[ActionItem]) -> list[ActionItem]:
        now = self.clock.now()
        saved = self.store.actions.add_many([replace(i, created_at=i.created_at or now) for i in items])

        def undo() -> None:
            for item in saved:
                self.store.actions.delete(item.id)

        self._remember(f"added {len(saved)} action items", undo)
        return saved

    def save_action(self, item: ActionItem, description: str | None = None) -> ActionItem:
        return self._updated(self.store.actions, item, description or f"edited “{item.title}”")

    def move_action(self, item: ActionItem, status: ActionStatus) -> ActionItem:
        # ``item`` is the version the window showed: only the status and its time are changed.
        return self._updated(
            self.store.actions, item.moved_to(status, self.clock.now()), f"moved “{item.title}” to {status.label}", base=item
        )

    def delete_action(self, action_id: int) -> ActionItem | None:
        item = self.store.actions.delete(action_id)
        if item is not None:
            self._remember(f"deleted “{item.title}”", lambda: self.store.actions.restore(item))
        return item

    # -- reflection additions --------------------------------------------------------------------
    # The guided reflection's changes that touch several records, each in one transaction.

    def save_reflection_draft(self, reflection: Reflection) -> Reflection:
        """Save the wizard's answers without ever making a second reflection for one rejection.

        A save queued before the first one returned still has id 0, so the stored record for the
        rejection is reused. Action ids already recorded on a lesson are kept (matched by the
        lesson's text): a save queued before "lesson -> action" finished cannot drop them.
        """
        with self.store.transaction():
            stored = (
                self.store.reflections.get(reflection.id) if reflection.id else self.reflection_for(reflection.rejection_id)
            )
            if stored is None:
                reflection = replace(reflection, id=0)
            else:
                known = {lesson.text: lesson.action_ids for lesson in stored.lessons}
                lessons = tuple(
                    replace(lesson, action_ids=tuple(dict.fromkeys(known.get(lesson.text, ()) + lesson.action_ids)))
                    for lesson in reflection.lessons
                )
                reflection = replace(
                    reflection,
                    id=stored.id,
                    lessons=lessons,
                    started_at=stored.started_at or reflection.started_at,
                    completed_at=reflection.completed_at or stored.completed_at,
                )
            return self.save_reflection(reflection)

    def lesson_to_actions(
        self, reflection: Reflection, lesson_text: str, items: list[ActionItem]
    ) -> tuple[Reflection, list[ActionItem]]:
        """Put a lesson's action items on the board, linked to the reflection, and record their ids
        on the lesson (added to the reflection if it is not there yet). Undo removes the items.
        Items not linked to an application yet belong to the rejected one the reflection is about."""
        from ..domain.models import Lesson

        with self.store.transaction():
            saved = self.save_reflection_draft(reflection)
            rejection = self.store.rejections.get(saved.rejection_id)
            about = rejection.application_id if rejection is not None else None
            created = self.add_actions(
                [replace(item, reflection_id=saved.id, application_id=item.application_id or about) for item in items]
            )
            new_ids = tuple(item.id for item in created)
            lessons = list(saved.lessons)
            for index, lesson in enumerate(lessons):
                if lesson.text == lesson_text:
                    lessons[index] = replace(lesson, action_ids=lesson.action_ids + new_ids)
                    break
            else:
                lessons.append(Lesson(lesson_text, new_ids))
            saved = self.store.reflections.update(replace(saved, lessons=tuple(lessons)))
        return saved, created

    def finish_reflection(self, reflection: Reflection) -> tuple[Reflection, CheckIn | None]:
        """Complete the reflection, close the rejection and schedule the next spaced check-in.

        The first finish starts the check-in ladder (``reminders.next_checkin``: the first rung,
        ``settings.checkin_ladder[0]`` days on, kept out of quiet hours) unless a ladder check-in
        is already waiting for this rejection; finishing again after an edit only saves. Returns
        the saved reflection and the next open check-in (new or already waiting), if any.
        """
        from ..domain.models import CheckInKind
        from ..domain.reminders import LADDER_TOPIC, next_checkin
        from ..store import RecordMissing

        now = self.clock.now()
        with self.store.transaction():
            rejection = self.store.rejections.get(reflection.rejection_id)
            if rejection is None:
                raise RecordMissing("that rejection no longer exists (deleted elsewhere?)")
            before = self.store.reflections.get(reflection.id) if reflection.id else self.reflection_for(rejection.id)
            first_finish = before is None or before.completed_at is None
            saved = self.save_reflection_draft(replace(reflection, step=5, completed_at=reflection.completed_at or now))
            if rejection.closed_at is None:
                rejection = self.store.rejections.update(replace(rejection, closed_at=now))
            ladder = sorted(
                (
                    c
                    for c in self.store.checkins.all()
                    if c.rejection_id == rejection.id and c.kind is CheckInKind.CHECK_IN and c.topic == LADDER_TOPIC
                ),
                key=lambda c: (c.sequence, c.id),
            )
            waiting = [c for c in ladder if c.state.is_open]
            if waiting:
                return saved, min(waiting, key=lambda c: c.effective_due)
            if not first_finish:
                return saved, None
            previous: CheckIn | None = ladder[-1] if ladder else None
            planned = next_checkin(previous, None, rejection, self.store.settings(), now, self.clock.tz)
            checkin = self.store.checkins.add(planned) if planned is not None else None
        return saved, checkin
