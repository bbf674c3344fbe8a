"""The drafted feedback-request email and its mailto: link."""

from __future__ import annotations

from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from tui.domain.feedback_email import company_slug, draft_feedback_request, feedback_subject, mailto_link
from tui.domain.models import Application, Rejection, Stage


def _rejection(stage: Stage = Stage.INTERVIEW) -> Rejection:
    return Rejection(application_id=1, on=date(2026, 11, 20), stage=stage)


def test_draft_names_contact_role_and_company() -> None:
    app = Application(company="Bluefin Labs", role="Backend Engineer", contact_name="Tom Okafor")
    body = draft_feedback_request(app, _rejection())
    assert body.startswith("Dear Tom Okafor,")
    assert "Backend Engineer" in body
    assert "Bluefin Labs" in body
    assert "talking with me" in body  # thanks for the interview they actually had


def test_draft_without_contact_greets_the_team_and_thanks_for_reading() -> None:
    app = Application(company="Harbor & Finch", role="Product Analyst")
    body = draft_feedback_request(app, _rejection(Stage.APPLIED))
    assert body.startswith("Dear Harbor & Finch hiring team,")
    assert "look at my application" in body


def test_draft_signs_with_sender_and_folds_odd_whitespace() -> None:
    app = Application(company="Acme\nCorp", role="  Data   Analyst ", contact_name="Jo\tLee")
    body = draft_feedback_request(app, _rejection(), sender_name=" Sam  Doe ")
    assert body.startswith("Dear Jo Lee,")
    assert "the Data Analyst role at Acme Corp" in body
    assert body.rstrip().endswith("Sam Doe")


def test_draft_without_role_or_company_still_reads_well() -> None:
    body = draft_feedback_request(Application(company=""), _rejection())
    assert body.startswith("Hello,")
    assert "the role" in body and " at ." not in body


def test_draft_is_short_and_polite() -> None:
    body = draft_feedback_request(Application(company="Acme", role="Analyst", contact_name="Ana"), _rejection())
    assert len(body.split()) < 120
    assert "Thank you" in body and "thanks" in body.lower()


def test_subject_names_the_role() -> None:
    assert feedback_subject(Application(company="Acme", role="Data Analyst")) == "Feedback on my application for Data Analyst"
    assert feedback_subject(Application(company="Acme")) == "Feedback on my application"


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
