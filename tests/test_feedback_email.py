"""The drafted feedback-request email and its mailto: link."""

from __future__ import annotations

from datetime import date

import pytest
from urllib.parse import parse_qs, unquote, urlsplit

from tui.domain.feedback_email import (
    company_slug,
    draft_feedback_request,
    feedback_subject,
    first_name,
    mailto_link,
    signed,
    specific_question,
)
from tui.domain.models import Application, Lesson, Reflection, Rejection, Stage


def _rejection(stage: Stage = Stage.INTERVIEW) -> Rejection:
    return Rejection(application_id=1, on=date(2026, 11, 20), stage=stage)


def test_draft_names_contact_role_and_company() -> None:
    app = Application(company="Bluefin Labs", role="Backend Engineer", contact_name="Tom Okafor")
    body = draft_feedback_request(app, _rejection())
    assert body.startswith("Hi Tom,\n")
    assert "the Backend Engineer role at Bluefin Labs" in body
    assert "interviewing me" in body  # thanks for the interview they actually had
    assert "what would have made my interview stronger" in body
    assert "application" not in body


def test_draft_without_contact_greets_the_team_and_thanks_for_reading() -> None:
    app = Application(company="Harbor & Finch", role="Product Analyst")
    body = draft_feedback_request(app, _rejection(Stage.APPLIED))
    assert body.startswith("Hello,\n")
    assert "read my application" in body and "what would have made my application stronger" in body
    assert "interview" not in body


def test_draft_signs_with_sender_and_folds_odd_whitespace() -> None:
    app = Application(company="Acme\nCorp", role="  Data   Analyst ", contact_name="Jo\tLee")
    body = draft_feedback_request(app, _rejection(), sender_name=" Sam  Doe ")
    assert body.startswith("Hi Jo,")
    assert "the Data Analyst role at Acme Corp" in body
    assert body.rstrip().endswith("Sam Doe")


def test_draft_without_role_or_company_still_reads_well() -> None:
    body = draft_feedback_request(Application(company=""), _rejection())
    assert body.startswith("Hello,")
    assert "openings." in body and " at ." not in body
    assert "the role" in body and " at ." not in body


def test_draft_is_short_and_polite() -> None:
    body = draft_feedback_request(Application(company="Acme", role="Analyst", contact_name="Ana"), _rejection())
    assert len(body.split()) < 120
    assert "Thank you" in body and "thanks" in body.lower()


def test_subject_names_the_role_and_the_stage() -> None:
    app = Application(company="Acme", role="Data Analyst")
    assert feedback_subject(app) == "Feedback on my application for Data Analyst"
    assert feedback_subject(Application(company="Acme")) == "Feedback on my application"
    assert feedback_subject(app, _rejection(Stage.APPLIED)) == "Feedback on my application for Data Analyst"
    assert feedback_subject(app, _rejection(Stage.SCREENING)) == "Feedback after our call about Data Analyst"
    assert feedback_subject(app, _rejection(Stage.INTERVIEW)) == "Feedback on my interview for Data Analyst"
    assert feedback_subject(app, _rejection(Stage.FINAL_ROUND)) == "Feedback on my final interviews for Data Analyst"


def test_each_stage_thanks_and_asks_about_what_happened() -> None:
    app = Application(company="Acme", role="Analyst")
    call = draft_feedback_request(app, _rejection(Stage.SCREENING))
    assert "speak with me" in call and "my application and our call stronger" in call
    final = draft_feedback_request(app, _rejection(Stage.FINAL_ROUND))
    assert "final round" in final and "my final interviews stronger" in final


@pytest.mark.parametrize(
    ("contact", "greeted"),
    [
        ("Tom Okafor", "Tom"),
        ("tom", "tom"),
        ("Okafor, Tom", "Tom"),
        ("Dr. Jane Smith", "Dr Smith"),
        ("Ms Ana Ruiz", "Ms Ruiz"),
        ("Talent Acquisition Team", ""),
        ("HR", ""),
        ("recruiting@acme.example", ""),
        ("", ""),
        ("  ", ""),
    ],
)
def test_first_name_or_a_neutral_greeting(contact: str, greeted: str) -> None:
    assert first_name(contact) == greeted
    body = draft_feedback_request(Application(company="Acme", contact_name=contact), _rejection())
    assert body.startswith(f"Hi {greeted},\n" if greeted else "Hello,\n")


def test_one_specific_question_from_the_reflection() -> None:
    app = Application(company="Acme", role="Analyst")
    lesson = Reflection(rejection_id=1, lessons=(Lesson("Explain my projects in two minutes, not ten"),))
    body = draft_feedback_request(app, _rejection(), reflection=lesson)
    assert 'one thing I am working on is "Explain my projects in two minutes, not ten". Was that part of it?' in body
    assert body.count("In particular") == 1
    went_well = Reflection(rejection_id=1, went_well="My answer on the outage postmortem.")
    assert '("My answer on the outage postmortem")' in specific_question(went_well)
    # Nothing worth asking: no question at all, and the email stays short.
    assert specific_question(Reflection(rejection_id=1, went_well="ok")) == ""
    assert specific_question(Reflection(rejection_id=1, went_well="word " * 60)) == ""
    assert specific_question(None) == ""
    assert "In particular" not in draft_feedback_request(app, _rejection(), reflection=Reflection(rejection_id=1))


def test_signing_a_draft_once() -> None:
    body = draft_feedback_request(Application(company="Acme"), _rejection())
    assert body.rstrip().endswith("best wishes,")
    with_name = signed(body, " Sam   Lee ")
    assert with_name.rstrip().endswith("best wishes,\nSam Lee")
    assert signed(with_name, "Someone Else") == with_name  # already signed: left alone
    assert signed("my own words, rewritten\nSam", "Sam Lee") == "my own words, rewritten\nSam"


def test_mailto_quotes_reserved_characters_spaces_newlines_and_unicode() -> None:
    link = mailto_link("ana.ruiz@lumen.example", "Feedback & next steps? 100%", "Hi Ana,\nDanke für alles ☺ & a=b?c#d")
    assert link.startswith("mailto:ana.ruiz@lumen.example?subject=")
    query = link.split("?", 1)[1]
    assert query.count("&") == 1  # only the separator: the & inside values is encoded
    assert "%26" in query and "%3F" in query and "%25" in query and "%23" in query and "%3D" in query
    assert " " not in link and "\n" not in link
    assert "%20" in query
    assert "%0D%0A" in query  # line breaks as CRLF
    assert "%C3%BC" in query and "%E2%98%BA" in query  # UTF-8
    params = parse_qs(urlsplit(link).query)
    assert params["subject"] == ["Feedback & next steps? 100%"]
    assert params["body"] == ["Hi Ana,\r\nDanke für alles ☺ & a=b?c#d"]


def test_mailto_with_no_address_or_empty_parts() -> None:
    assert mailto_link("", "Hi", "") == "mailto:?subject=Hi"
    assert mailto_link("a@b.example", "", "") == "mailto:a@b.example"


def test_mailto_quotes_odd_addresses() -> None:
    link = mailto_link("jo smith?x=1&y@example.com", "s", "b")
    address = link[len("mailto:") : link.index("?")]
    assert " " not in address and "?" not in address and "&" not in address
    assert unquote(address) == "jo smith?x=1&y@example.com"


def test_company_slug() -> None:
    assert company_slug("Harbor & Finch") == "harbor-finch"
    assert company_slug("Zürich Data AG") == "zurich-data-ag"
    assert company_slug("[bold]Acme[/") == "bold-acme"
    assert company_slug("../../etc") == "etc"
    assert company_slug("☺☺") == "company"
    assert len(company_slug("x" * 200)) <= 40
