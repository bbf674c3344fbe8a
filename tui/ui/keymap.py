"""The keyboard map, in one place: the help screen and the README both come from it, and the
keys every list shares (``list_bindings``) are bound from here, so they cannot drift apart."""

from __future__ import annotations

from textual.binding import Binding

KEYMAP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("1 / 2 / 3 / 4", "Dashboard, Applications, Board, Journal"),
        ("ctrl+p", "Command palette: every action by name"),
        ("?", "Show every key, screen by screen"),
        ("u", "Undo the last change (applications, board, a tick on the dashboard)"),
        ("q", "Quit"),
        ("escape", "Close a dialog or go back (a form you typed in asks first)"),
        ("ctrl+s", "Save (in every form)"),
    )),
    ("Every list and table", (
        ("j / k, ↑ / ↓", "Move down, up"),
        ("g / G, home / end", "First, last"),
        ("enter", "Open the highlighted item"),
        ("/", "Filter (Applications, Board, Journal; enter keeps it, esc clears it)"),
        ("d", "Delete at once; the note says what went and u brings it back"),
        ("tab / shift+tab", "Move to the next, previous list or field"),
    )),
    ("Dashboard", (
        ("enter", "Due now: open the item (answer a check-in, start a reflection)"),
        ("s", "Snooze the selected reminder"),
        ("x", "Dismiss the selected reminder"),
        ("tab", "Go to the actions that need you"),
        ("space", "Actions: tick the highlighted one done (u undoes)"),
        ("enter", "Actions: open the highlighted one to read or edit it"),
        ("d", "In a check-in answered 1 or 2: save it and start the suggested small step"),
    )),
    ("Applications", (
        ("a / e / d", "Add, edit, delete an application (u brings it back)"),
        ("enter", "Show the application's details and timeline"),
        ("s / i / f / o", "Move to screening, interview, final round, offer"),
        ("w / n", "Mark withdrawn, no reply (ghosted)"),
        ("r", "Mark rejected (then reflect now or later)"),
        ("A", "Mark a wishlist entry applied today (starts its follow-up clock)"),
        ("/", "Filter by company, role or stage (enter keeps it, esc clears it)"),
        ("S, click a header", "Sort by the next column (click again to reverse)"),
        ("u", "Undo the last change"),
    )),
    ("Board", (
        ("j / k, ↑ / ↓", "Move within a column (g / G: first, last)"),
        ("h / l, ← / →", "Move across columns"),
        ("space / x", "Tick done (or untick back to To do)"),
        ("> / <, shift+→ / shift+←", "Move the card to the next / previous column"),
        ("enter", "Show the card in full (title, notes, application, history); e there edits"),
        ("a / e / d", "Add (into the focused column), edit, delete an action item (u brings it back)"),
        ("p", "Cycle priority: low, normal, high"),
        ("/", "Filter by words in the title, origin or notes (narrows as you type)"),
        ("escape", "Clear the filter"),
        ("z", "Show or hide archived done items (older than 14 days)"),
    )),
    ("Reflection", (
        ("ctrl+n / ctrl+b", "Next step (Finish on step 5), previous step"),
        ("tab / shift+tab", "Move between fields"),
        ("1-5, ← / →", "Pick a mood (when the mood row has focus)"),
        ("space", "Tick a factor or an opportunity"),
        ("ctrl+t / ctrl+s / ctrl+o", "Step 2: copy the email, save it to a file, open it in your mail app"),
        ("ctrl+r", "Step 2: mark feedback as asked (starts the follow-up reminders)"),
        ("ctrl+a", "Step 4: turn the lesson into action items on the board"),
        ("d", "Step 4: remove the highlighted lesson"),
        ("escape", "Leave (your answers are saved; resume from the Journal)"),
    )),
    ("Journal", (
        ("enter", "Start, resume or reopen the reflection"),
        ("/", "Filter by company, role or status"),
        ("escape", "Clear the filter"),
    )),
)


def list_bindings(first: str = "first", last: str = "last") -> list[Binding]:
    """j / k and g / G for a list widget, as the keymap's "Every list and table" promises.

    ``first`` / ``last``: the widget's own actions for its first and last row (OptionList's
    ``first``/``last``; DataTable's ``scroll_top``/``scroll_bottom`` move its cursor).
    """
    return [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("g", first, "First", show=False),
        Binding("G", last, "Last", show=False),
    ]


def as_markdown() -> str:
    """The keymap as Markdown tables, for the README (``python -m tui.ui.keymap``)."""
    lines: list[str] = []
    for section, keys in KEYMAP:
        lines += [f"**{section}**", "", "| Key | What it does |", "| --- | --- |"]
        lines += [f"| `{key}` | {what} |" for key, what in keys]
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(as_markdown(), end="")
