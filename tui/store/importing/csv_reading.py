"""Reading a CSV so that damage is reported with its line, never merged silently.

Python's csv module refuses a field over its limit, lets an unclosed quote swallow every
following line into one cell, and stops at a NUL byte; each becomes a sentence with a line.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

FIELD_LIMIT = csv.field_size_limit()  # 131,072 characters by default


class CsvDamaged(ValueError):
    """The file cannot be read as a table; the message names the line."""


@dataclass(frozen=True)
class Row:
    line: int  # the line in the file where the row starts (1 = the header)
    cells: list[str]


def sniff(text: str) -> type[csv.Dialect] | csv.Dialect:
    try:
        return csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        return csv.excel


def read_rows(text: str) -> tuple[list[str], list[Row]]:
    """The header and the data rows, each with the line it starts on."""
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise CsvDamaged(f"line {line}: the file has a NUL byte (is it a spreadsheet saved as .xlsx or UTF-16? save it as CSV UTF-8)")
    stream = io.StringIO(text, newline="")
    reader = csv.reader(stream, sniff(text))
    rows: list[Row] = []
    start = 1
    try:
        for cells in reader:
            rows.append(Row(start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        if "field larger than field limit" in str(exc):
            raise CsvDamaged(f"line {start}: a cell is longer than {FIELD_LIMIT:,} characters; "
                             "is a quote missing its closing quote?") from None
        raise CsvDamaged(f"line {start}: not readable as CSV ({exc})") from None
    if not rows:
        raise CsvDamaged("the file is empty")
    header = rows[0].cells
    _check_swallowed(rows[1:], len(header))
    return header, rows[1:]


def _check_swallowed(rows: list[Row], width: int) -> None:
    """An unclosed quote: one cell spanning lines that each look like a whole row of the table.

    A quoted note may hold line breaks and commas, so a line inside a cell counts as a swallowed
    row only when it has a row's worth of commas: at least two, or one in a two-column file when
    the cell runs to the end of the file (where an unclosed quote always ends).
    """
    needed = max(width - 1, 1)
    for position, row in enumerate(rows):
        last = position == len(rows) - 1
        for cell in row.cells:
            inner = cell.split("\n")
            if len(inner) >= 2 and any(piece.count(",") >= max(needed, 1 if last else 2) for piece in inner[1:]):
                raise CsvDamaged(f"line {row.line}: a quote opened here is never closed, so the lines after it "
                                 f"({sum(1 for piece in inner[1:] if piece.strip())} of them) were read as one cell; close the quote and try again")
