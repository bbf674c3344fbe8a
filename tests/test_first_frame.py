"""The first frame written to a real terminal holds the whole dashboard, not half of it.

With Textual's modes the start screen was drawn inside the start-up batch and that frame was
dropped, so the terminal first got the header and the "Due now" panel and the rest a timer tick
later (an override of Textual's private ``_display`` held it back). The dashboard is now the
app's default screen (``get_default_screen``), and stock Textual's first frame holds all of it.
Runs the app in tmux and records what its driver writes.
"""

from __future__ import annotations

import json
import re
import shutil
import sys
import time
from pathlib import Path

import pytest

from bench import data, terminal

RECORDER = r"""
import json, sys
from textual.drivers import linux_driver
out, folder = sys.argv[1], sys.argv[2]
escapes = __import__("re").compile(r"\x1b\[[0-9;?]*[a-zA-Z]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)")
writes = []
write = linux_driver.LinuxDriver.write
def recording_write(self, data):
    write(self, data)
    plain = escapes.sub("", data)
    if plain.strip():
        writes.append(plain)
        # Whole or not at all: the test kills the app at any moment, maybe mid-write.
        with open(out + ".tmp", "w") as f:
            json.dump(writes, f)
        __import__("os").replace(out + ".tmp", out)
linux_driver.LinuxDriver.write = recording_write
from tui.__main__ import main
sys.exit(main(["--data-dir", folder]))
"""


@pytest.mark.skipif(shutil.which("tmux") is None, reason="runs the app in tmux (CI installs it)")
def test_the_first_frame_written_shows_every_panel_and_the_footer(tmp_path: Path) -> None:
    folder = data.build(tmp_path / "small", "small")
    out = tmp_path / "writes.json"
    session = terminal.Session([sys.executable, "-c", RECORDER, str(out), str(folder)])
    try:
        session.start()
        assert session.wait_for(terminal.APP_MARKER, 60) is not None, session.capture()
        time.sleep(0.3)
    finally:
        session.kill()
    frames = [text for text in json.loads(out.read_text()) if "Next Round" in text]
    assert frames, "nothing drawn"
    first = re.sub(r"\s+", " ", frames[0])
    for part in ("Due now", "Actions that need you", "Pipeline", " sent · ", "Momentum", "Reminders", "Dashboard", "Quit"):
        assert part in first, f"{part!r} missing from the first frame: {first[:400]!r}"
