"""The performance bench keeps working, and the fast record decoding stays exactly right.

The bench's timings are not asserted here (they belong to one machine at one moment): the test
runs ``bench/run.py --tiny`` on tiny data and checks that it finishes and prints every row.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import fields
from datetime import datetime, timezone
from pathlib import Path

import pytest
from dateutil import tz

from tui.services.demo import build_demo
from tui.domain.models import (
    RECORD_TYPES,
    ActionItem,
    Application,
    CheckIn,
    Settings,
)

ROOT = Path(__file__).resolve().parent.parent
NOW = datetime(2026, 11, 25, 14, 0, tzinfo=timezone.utc)
ZONE = tz.gettz("Europe/Berlin")


def _same(a: object, b: object) -> bool:
    return type(a) is type(b) and a == b and repr(a) == repr(b) and list(vars(a)) == list(vars(b))


# -- fast decoding ---------------------------------------------------------------------------------


def test_fast_decoding_equals_the_plain_path_on_the_large_demo() -> None:
    data = build_demo(NOW, ZONE, "large")
    for record_type in RECORD_TYPES:
        records = getattr(data, record_type.TABLE)  # DemoData names its lists after the tables
        decode = record_type.decoder()
        for record in records:
            stored = record.to_dict()
            fast, many, plain = record_type.from_dict(stored, record.id), decode(stored, record.id), record_type.from_dict_reference(stored, record.id)
            assert _same(fast, plain) and _same(many, plain)
            assert plain == record


@pytest.mark.parametrize(
    "doc",
    [
        {},  # a required field missing
        {"title": None},
        {"title": "x", "status": None},
        {"title": "x", "status": "bogus"},
        {"title": "x", "due": "not a date"},
        {"title": "x", "due": "2026-01-01T10:00"},
        {"title": "x", "unknown": 1, "id": 99},  # unknown keys (and a stray id) are ignored
        {"title": "x", "status": "done", "completed_at": "2026-01-01T10:00:00+02:00"},
        {"title": 5, "priority": "high", "reflection_id": "7"},
    ],
)
def test_fast_decoding_matches_the_plain_path_on_odd_documents(doc: dict[str, object]) -> None:
    def outcome(decode):  # type: ignore[no-untyped-def]
        try:
            return ("ok", repr(decode(dict(doc), 3)))
        except Exception as exc:  # noqa: BLE001 - the same exception type is the point
            return (type(exc).__name__,)

    assert outcome(ActionItem.from_dict) == outcome(ActionItem.from_dict_reference)


def test_fast_decoding_keeps_defaults_fresh_and_records_frozen() -> None:
    first, second = Settings.from_dict({}, 1), Settings.from_dict({}, 1)
    assert first.follow_up_days == second.follow_up_days and first.follow_up_days is not second.follow_up_days
    assert _same(Settings.from_dict({"checkin_ladder": [1, 2]}, 1), Settings.from_dict_reference({"checkin_ladder": [1, 2]}, 1))
    item = ActionItem.from_dict({"title": "x"}, "4")  # type: ignore[arg-type]
    assert item.id == 4 and hash(item) == hash(ActionItem.from_dict_reference({"title": "x"}, 4))
    with pytest.raises(AttributeError):
        item.title = "y"  # type: ignore[misc]
    with pytest.raises(ValueError):
        CheckIn.from_dict({"kind": "check_in", "due_at": "2026-01-01T00:00:00+00:00", "mood": 9}, 1)
    # Every stored field is decoded by one path or the other: nothing is skipped by accident.
    app = Application.from_dict({"company": "A", "stage": "interview", "applied_on": "2026-01-02"}, 1)
    assert app.stage.value == "interview" and app.applied_on.isoformat() == "2026-01-02"
    assert {f.name for f in fields(Application)} == set(vars(app))


# -- the bench itself ------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("tmux") is None, reason="the bench drives apps in tmux")
def test_bench_quick_mode_runs_on_tiny_data_and_prints_every_row() -> None:
    sys.path.insert(0, str(ROOT))
    from bench.keys import KEYS

    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--tiny"],
        capture_output=True, text=True, timeout=240, cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    out = result.stdout
    expected = [
        "| figure",
        "1 first frame in tmux, empty store",
        "1 first frame in tmux, demo store",
        *(f"2 key: {name}" for name in KEYS),
        "3 commit one tick",
        "4 store open + dashboard figures",
        "5 remind --once, nothing due",
        "5 remind --once, 3 due",
        "6 idle CPU",
        "7 peak RSS",
        "8 growth: first frame, 10 → 100 actions",
        "8 growth: commit, 10 → 100 actions",
        "8 growth: store open, 10 → 100 actions",
        "JSON file size",
        "Machine: ",
    ]
    for label in expected:
        assert label in out, f"missing row {label!r} in:\n{out}"
    table = [line for line in out.splitlines() if line.startswith("| ") and not line.startswith("| figure")]
    assert all(line.count("|") == 8 for line in table)
    # The bare apps' keys are measured: the screen switches and the move have a baseline in ms.
    baselines = {cells[1].strip(): cells[4].strip() for cells in (line.split("|") for line in table)}
    for name, what in KEYS.items():
        baseline = baselines[f"2 key: {name}"]
        if what.startswith(("mode:", "board:move")):
            assert baseline.endswith(" ms") or " ms (" in baseline, (name, baseline)
        else:
            assert baseline == "—", (name, baseline)


@pytest.mark.skipif(shutil.which("tmux") is None, reason="bench.timeline runs the app in tmux (CI installs it)")
def test_the_start_up_timeline_runs_and_prints_each_step(tmp_path: Path) -> None:
    from bench import data

    folder = data.build(tmp_path / "small", "small")
    result = subprocess.run(
        [sys.executable, "-m", "bench.timeline", str(folder), "--runs", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    for step in ("imports done", "App built", "frame 1 handed to the terminal", "write 1 to the terminal",
                 "with the content", "Textual Ready",
                 "dashboard content seen in tmux", "background work starts", "garbage collections"):
        assert step in result.stdout, step


def test_the_rebuild_probe_runs_and_prints_each_run(tmp_path: Path) -> None:
    """``bench/probes.py rebuild`` (the dashboard's warm rebuild, quoted in the notes) keeps working."""
    import json

    from bench import data

    folder = data.build(tmp_path / "small", "small")
    result = subprocess.run(
        [sys.executable, "-m", "bench.probes", "rebuild", str(folder), "--runs", "3"],
        capture_output=True, text=True, cwd=ROOT, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr
    times = json.loads(result.stdout)["ms"]
    assert len(times) == 3 and all(ms > 0 for ms in times)


def test_the_key_ratios_command_prints_every_key_and_both_baselines(tmp_path: Path) -> None:
    """``python -m bench.key_ratios`` (figure 2 alone, quoted in the README) keeps working."""
    sys.path.insert(0, str(ROOT))
    from bench import data
    from bench.keys import BARE_FOCUS, BARE_SWITCH, KEYS

    small, large = data.build(tmp_path / "small", "small"), data.build(tmp_path / "large", 300)
    result = subprocess.run(
        [sys.executable, "-m", "bench.key_ratios", str(small), str(large), "--rounds", "1", "--reps", "1"],
        capture_output=True, text=True, cwd=ROOT, timeout=240, check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.splitlines()
    for name in KEYS:
        row = next((line for line in lines if line.startswith(name)), None)
        assert row is not None, f"no row for {name!r} in:\n{result.stdout}"
        assert row.split()[-1] == "1", row  # one press of each key per store
    for bare in (BARE_SWITCH, BARE_FOCUS):
        assert any(line.startswith(f"bare: {bare}") and line.endswith(" ms") for line in lines), bare
