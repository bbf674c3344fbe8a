"""Where one key's time goes: ``python -m bench.profile_key FOLDER KEY [--before KEYS]``.

Opens the app on a copy of the store in FOLDER (inside Textual's ``run_test``, 120x40), presses
``--before`` (comma-separated, default: visit the board, the list and the board again, so every
screen is built), then presses KEY eight times under ``cProfile`` and prints the functions that
took the most time (cumulative), with the share of the profiled time that went to Textual's line
styling (``StylesCache.render_line``) and to the compositor's updates (the line numbers are Textual 8.2.8's). The profiler slows
everything down about 2x; compare shares, not milliseconds.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

WATCHED = {
    "_styles_cache.py:267(render_line)": "Textual's line styling (StylesCache.render_line)",
    "_compositor.py:1096(render_update)": "compositor: every update (full and partial)",
    "screen.py:1316(_refresh_layout)": "screen layout",
}


async def profile(folder: Path, keys: list[str], before: list[str], presses: int) -> str:
    from tui.store import Store
    from tui.ui.app import NextRoundApp

    app = NextRoundApp(Store.open(folder / "nextround.json"), reminders=False)
    profiler = cProfile.Profile()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(1.0)
        for key in before:
            await pilot.press(key)
            await pilot.pause(0.3)
        for _ in range(presses):
            profiler.enable()
            await pilot.press(*keys)
            await pilot.pause()
            profiler.disable()
            await asyncio.wrap_future(app.writes_done())
            await pilot.pause(0.1)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    waiting = sum(v[3] for k, v in stats.stats.items() if k[2] == "<method 'poll' of 'select.epoll' objects>")  # type: ignore[attr-defined]
    busy = stats.total_tt - waiting  # type: ignore[attr-defined]
    lines = [f"{presses} presses of {'+'.join(keys)}: {busy * 1000:.0f} ms busy under the profiler (waiting left out)"]
    for (file, line, name), value in stats.stats.items():  # type: ignore[attr-defined]
        label = WATCHED.get(f"{Path(file).name}:{line}({name})")
        if label:
            lines.append(f"  {label}: {value[3] * 1000:.0f} ms, {value[3] / busy:.0%} of busy time")
    stats.sort_stats("cumulative").print_stats(25)
    return "\n".join(lines) + "\n" + out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench.profile_key")
    parser.add_argument("folder", type=Path, help="folder holding nextround.json (copied first)")
    parser.add_argument("key", help="the key to profile (comma-separated for a sequence)")
    parser.add_argument("--before", default="3,2,3", help="keys pressed first (default: 3,2,3)")
    parser.add_argument("--presses", type=int, default=8)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="nextround-profile-") as work:
        copy = Path(work) / "store"
        shutil.copytree(args.folder, copy)
        print(asyncio.run(profile(copy, args.key.split(","), [k for k in args.before.split(",") if k], args.presses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
