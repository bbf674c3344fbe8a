"""The keyboard map, in one place: the help screen and the README both come from it."""

from __future__ import annotations

KEYMAP: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("Everywhere", (
        ("1 / 2 / 3 / 4", "Dashboard, Applications, Board, Journal"),
        ("ctrl+p", "Command palette: every action by name"),
        ("?", "This help"),
        ("u", "Undo the last change (applications and board)"),
        ("q", "Quit"),
        ("escape", "Close a dialog or go back"),
    )),
    ("Dashboard", (
        ("j / k, ↑ / ↓", "Move through what is due"),
        ("enter", "Open the selected item (answer a check-in, start a reflection)"),
        ("s", "Snooze the selected reminder"),
        ("x", "Dismiss the selected reminder"),
    )),
    ("Applications", (
        ("j / k, ↑ / ↓", "Move through the list"),
        ("a / e / d", "Add, edit, delete (asks first) an application"),
        ("enter", "Show the application's details and timeline"),
        ("s / i / f / o", "Move to screening, interview, final round, offer"),
        ("w / g", "Mark withdrawn, ghosted"),
        ("r", "Mark rejected (then reflect now or later)"),
        ("/", "Filter by company, role or stage (enter keeps it, esc clears it)"),
        ("ctrl+s, click a header", "Sort by the next column (click again to reverse)"),
        ("u", "Undo the last change"),
    )),
    ("Board", (
        ("j / k, ↑ / ↓", "Move within a column"),
        ("h / l, ← / →", "Move across columns"),
        ("space / x", "Tick done (or untick)"),
        ("> / <, shift+→ / shift+←", "Move the card to the next / previous column"),
        ("a / e / d", "Add, edit, delete an action item"),
        ("p", "Cycle priority"),
        ("/", "Filter by a word"),
        ("z", "Show or hide archived done items"),
    )),
    ("Reflection", (
        ("ctrl+n / ctrl+b", "Next step, previous step"),
        ("tab / shift+tab", "Move between fields"),
        ("escape", "Leave (your answers are saved; resume from the Journal)"),
    )),
)
