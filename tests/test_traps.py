"""The thinking-trap spotter: measured on our own corpus, and its promises one by one."""

from __future__ import annotations

import pytest

from tests.trap_corpus import FAIR, HELD_OUT, SELF_CRITICAL
from tui.domain.traps import check_thought, find_traps
from tui.ui.widgets.steps.perspective import HARSH_IN_GENERAL, NOTHING_NAMED, traps_text


def _spotted(sentences: tuple[str, ...]) -> float:
    return sum(1 for s in sentences if check_thought(s).traps) / len(sentences)


def _flagged(sentences: tuple[str, ...]) -> float:
    """Anything said about a sentence other than the neutral question: a trap or 'harsh in general'."""
    return sum(1 for s in sentences if check_thought(s).traps or check_thought(s).harsh_words) / len(sentences)


def test_corpus_is_big_and_varied_enough() -> None:
    assert len(SELF_CRITICAL) >= 150 and len(FAIR) >= 80 and len(HELD_OUT) >= 40
    assert len(set(SELF_CRITICAL) | set(HELD_OUT)) == len(SELF_CRITICAL) + len(HELD_OUT)
    assert any(s == s.lower() for s in SELF_CRITICAL)  # typed without capitals
    assert any(not s.rstrip()[-1:] in ".!?" for s in SELF_CRITICAL)  # no punctuation


def test_detection_rates_on_the_corpus(capsys: pytest.CaptureFixture[str]) -> None:
    spotted = _spotted(SELF_CRITICAL)
    held_out = _spotted(HELD_OUT)
    held_out_any = 1 - sum(1 for s in HELD_OUT if not check_thought(s).traps and not check_thought(s).harsh_words) / len(HELD_OUT)
    fair = _flagged(FAIR)
    with capsys.disabled():
        print(
            f"\nthinking traps: {spotted:.1%} of {len(SELF_CRITICAL)} self-critical spotted; "
            f"held-out {held_out:.1%} of {len(HELD_OUT)} named ({held_out_any:.1%} named or harsh-in-general); "
            f"{fair:.1%} of {len(FAIR)} fair sentences flagged"
        )
    assert spotted >= 0.90
    assert fair <= 0.05
    assert held_out >= 0.85  # written after the spotter was done: a guard against overfitting


@pytest.mark.parametrize(
    "thought",
    ["I'm just not good enough. I'm so stupid.", "im such an idiot", "I\u2019m a complete failure", "I am SO useless"],
)
def test_the_issue_examples_with_intensifiers_are_caught(thought: str) -> None:
    names = {trap.name for trap in find_traps(thought)}
    assert "Calling yourself names" in names


def test_words_are_quoted_in_the_persons_own_spelling() -> None:
    (trap,) = [t for t in find_traps("Honestly Im SO stupid") if t.name == "Calling yourself names"]
    assert trap.words == ("Im SO stupid",)
    curly = find_traps("I\u2019ll NEVER get hired")
    assert any("I\u2019ll NEVER get" in words for trap in curly for words in trap.words)


@pytest.mark.parametrize(
    ("thought", "name"),
    [
        ("i cant do anything right", "Judging your whole self"),
        ("I cannot do anything right", "Judging your whole self"),
        ("everyone else is better than me", "Measuring yourself against others"),
        ("they probably thought I was clueless", "Guessing what they thought"),
        ("ill never get a job", "Predicting the future"),
        ("my career is over", "Making it a disaster"),
        ("it's all my fault", "Taking all the blame"),
        ("I shoulda prepared more", "Should-ing yourself"),
        ("it was just luck I got that far", "Brushing off what went well"),
        ("whats the point", "Losing hope"),
        ("I always blow interviews", "Stretching one 'no' into 'always'"),
        ("I'm a faliure", "Calling yourself names"),  # one typo away
    ],
)
def test_each_kind_of_trap(thought: str, name: str) -> None:
    assert name in {trap.name for trap in find_traps(thought)}


@pytest.mark.parametrize(
    "fair",
    [
        "It doesn't mean I'll never get hired.",
        "I'm not a failure, I'm between jobs.",
        "One rejection doesn't make me useless.",
        "They went with an internal candidate.",
    ],
)
def test_a_denied_trap_is_the_fair_thought_not_a_trap(fair: str) -> None:
    assert find_traps(fair) == []


def test_every_trap_has_a_warm_name_a_clinical_aside_and_a_question() -> None:
    for thought in SELF_CRITICAL[:60]:
        for trap in find_traps(thought):
            assert trap.clinical and trap.hint.endswith((".", "?"))
            assert trap.clinical.lower() not in trap.name.lower()


def test_harsh_thought_is_never_reassured() -> None:
    harsh = "I hate how I sounded on that call"
    check = check_thought(harsh)
    assert check.traps == () and check.harsh_in_general
    shown = traps_text(harsh).plain
    assert shown == HARSH_IN_GENERAL
    assert "No thinking traps" not in traps_text("That one went badly").plain
    assert traps_text("They hired someone internal.").plain == NOTHING_NAMED


def test_shown_text_names_the_trap_and_quotes_the_words() -> None:
    shown = traps_text("I'm just not good enough, I'll never get hired").plain
    assert "Calling yourself names" in shown and "(labelling)" in shown
    assert "\u201cI'm just not good enough\u201d" in shown


def test_odd_input_never_crashes() -> None:
    for thought in ["", "   ", "\x00\x1b[31m", "'" * 500, "i " * 2000, "[b]fail[/b]", "😭😭😭", "I'M." * 50]:
        check_thought(thought)
        traps_text(thought)
