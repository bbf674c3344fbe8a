"""One small profile per tracker: its headers mapped to our fields, its date order if fixed.

Adding a tracker is adding a profile here. A profile is recognised when all of its
``signature`` headers are in the file's first row; the first match in ``PROFILES`` wins, and
a file nobody recognises is read with ``GENERIC``'s common column names. Headers are compared
case-insensitively with spaces, underscores and hyphens ignored, so ``Job URL``, ``job_url``
and ``jobUrl`` are one header.

Sources for the headers (public code and documentation, December 2026): LinkedIn's data
export "Job Applications.csv"; Huntr's board CSV export and its full data export (camelCase
field names of its API, as listed by huntr-cli's field reference); Teal's job tracker CSV;
JobSync's job statuses (Gsync/jobsync seed: Draft, Applied, Interview, Offer, Rejected,
Expired, Archived); Notion's job application templates; Google Sheets job-search templates.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .dates import MONTH_FIRST

FIELDS = ("company", "role", "applied", "stage", "status_date", "link", "location", "contact",
          "email", "notes", "source", "follow_up", "interview", "salary", "sent")
FIELD_LABELS = {
    "company": "company", "role": "role", "applied": "date applied", "stage": "stage",
    "status_date": "status date", "link": "link", "location": "location", "contact": "contact",
    "email": "contact email", "notes": "notes", "source": "source", "follow_up": "follow-up date",
    "interview": "interview date", "salary": "salary (kept in notes)",
    "sent": "sent yes/no (No keeps it on the wishlist)",
}


def header_key(name: str) -> str:
    """``Job URL`` / ``job_url`` / ``jobUrl`` → ``joburl``."""
    return re.sub(r"[^0-9a-z]", "", name.lstrip("\ufeff").casefold())


@dataclass(frozen=True)
class Profile:
    name: str
    signature: tuple[str, ...]
    columns: dict[str, tuple[str, ...]]
    date_order: str | None = None
    # The stage a row gets when the file has no status column (LinkedIn lists sent applications).
    default_stage: str | None = None

    def matches(self, keys: set[str]) -> bool:
        return bool(self.signature) and all(header_key(h) in keys for h in self.signature)


GENERIC_COLUMNS: dict[str, tuple[str, ...]] = {
    "company": ("Company", "Company Name", "Employer", "Organization", "Organisation", "Org", "companyName"),
    "role": ("Role", "Job Title", "Title", "Position", "Job", "Job Role", "JobTitle"),
    "applied": ("Date Applied", "Applied", "Applied On", "Application Date", "Applied Date", "appliedDate", "Date"),
    "stage": ("Status", "Stage", "State", "List", "listName", "Application Status"),
    "status_date": ("Status Date", "Last Update", "Updated", "Date of Status", "Last Contact", "Last Contacted",
                    "Date Rejected", "Rejected Date"),
    "link": ("Job URL", "Link", "URL", "Job Link", "Posting", "Job Posting"),
    "location": ("Location", "City", "Place"),
    "contact": ("Contact Person", "Contact", "Recruiter", "Contact Name", "Hiring Manager"),
    "email": ("Contact Email", "Email", "Recruiter Email", "E-mail"),
    "notes": ("Notes", "Note", "Comments", "Comment", "Description"),
    "source": ("Source", "Found Via", "Channel", "Job Board"),
    "follow_up": ("Next Follow-up", "Follow-up Date", "Follow Up", "Followed Up", "Follow-up", "Follow Up Date"),
    "interview": ("Interview Date", "Interview", "Next Interview"),
    "salary": ("Salary/Rate", "Salary", "Salary Range", "Compensation", "Pay"),
    "sent": (),
}


def _with(**overrides: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """A profile's columns: its own names first, then the common ones."""
    return {name: overrides.get(name, ()) + GENERIC_COLUMNS[name] for name in FIELDS}


PROFILES: tuple[Profile, ...] = (
    Profile(
        "LinkedIn (Job Applications.csv)",
        ("Application Date", "Company Name", "Job Title", "Job Url"),
        _with(applied=("Application Date",), link=("Job Url",), email=("Contact Email",)),
        date_order=MONTH_FIRST, default_stage="applied",
    ),
    Profile(
        "Huntr (full data export)",
        ("companyName", "title", "listName"),
        _with(company=("companyName",), role=("title",), stage=("listName",), applied=("appliedDate", "dateApplied", "createdAt"),
              link=("url", "jobUrl"), location=("location",), notes=("description", "notes"), salary=("salary",),
              status_date=("updatedAt", "lastMovedAt")),
    ),
    Profile(
        "Huntr (board export)",
        ("Employer", "Job Title", "List"),
        _with(company=("Employer",), stage=("List",), applied=("Date Applied", "Date Saved"), link=("URL", "Job Link"),
              status_date=("Last Moved", "Date Updated")),
    ),
    Profile(
        "JobSync",
        ("Company", "JobTitle"),
        _with(role=("JobTitle",), applied=("appliedDate", "Applied Date"), link=("jobUrl", "JobUrl"),
              status_date=("dueDate", "updatedAt"), location=("Location",), source=("Source", "jobSource"), sent=("applied",)),
    ),
    Profile(
        "Teal",
        ("Company Name", "Job Title", "Status"),
        _with(link=("Job URL",), applied=("Date Applied", "Applied Date"), status_date=("Date Updated", "Last Updated"),
              salary=("Salary", "Max. Salary"), contact=("Contact",)),
    ),
    Profile(
        "Notion database",
        ("Name", "Position", "Status"),
        _with(company=("Company", "Name"), role=("Position",), applied=("Date Applied", "Applied", "Application Date"),
              link=("URL", "Job Posting"), status_date=("Last edited time",)),
    ),
    Profile(
        "Google Sheets job tracker",
        ("Company", "Role", "Date Applied", "Status"),
        _with(),
    ),
)
GENERIC = Profile("a spreadsheet (common column names)", (), GENERIC_COLUMNS)

# Columns we read on purpose but do not store (tracker bookkeeping), so they are not notes.
IGNORED = {header_key(h) for h in ("id", "_id", "Resume Name", "Resume", "Cover Letter", "Applied (yes/no)",
                                   "Created time", "Created At", "Board", "boardId", "jobId", "Order")}


def detect(header: list[str]) -> Profile:
    keys = {header_key(h) for h in header}
    for profile in PROFILES:
        if profile.matches(keys):
            return profile
    return GENERIC


def map_columns(header: list[str], profile: Profile) -> dict[str, int]:
    """Our field → the index of the first header that names it (each header used once)."""
    keys = [header_key(h) for h in header]
    used: set[int] = set()
    mapping: dict[str, int] = {}
    for name in FIELDS:
        for alias in profile.columns.get(name, ()):
            key = header_key(alias)
            index = next((i for i, k in enumerate(keys) if k == key and i not in used), None)
            if index is not None:
                mapping[name] = index
                used.add(index)
                break
    return mapping
