"""A child process for the durability and concurrency tests (run as ``python -m tests.store_writer``)."""

from __future__ import annotations

import sys
from pathlib import Path

from tui.domain.models import ActionItem
from tui.store import Store


def churn(path: Path) -> None:
    """Rewrite a consistent state forever: item count equals the counter in the first title."""
    store = Store.open(path)
    n = store.actions.count()
    while True:
        n += 1
        with store.transaction():
            store.actions.add(ActionItem(title=f"item {n}", notes="x" * 2000))
            first = store.actions.get(1)
            if first is not None:
                store.actions.update(first.with_changes(title=f"count {n}"))
        print(n, flush=True)


def add_many(path: Path, label: str, count: int) -> None:
    """Add ``count`` items one transaction at a time, racing another process."""
    store = Store.open(path)
    for i in range(count):
        store.actions.add(ActionItem(title=f"{label}-{i}"))


if __name__ == "__main__":
    if sys.argv[1] == "churn":
        churn(Path(sys.argv[2]))
    else:
        add_many(Path(sys.argv[2]), sys.argv[3], int(sys.argv[4]))
