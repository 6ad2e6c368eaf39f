"""Tables laid out like the national template, as grids of cells with spans.

Both the HTML and the DOCX renderer draw these grids, so the merged header cells (申请人情况 over
the seven columns, 法人或其他组织 over five, 三、本年度办理结果 down the result rows) come from
one place: the format declaration.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..formats import Format, Table
from ..model import Report


@dataclass
class Cell:
    text: str
    rowspan: int = 1
    colspan: int = 1
    kind: str = "label"  # "head" | "label" | "value" | "title"


@dataclass
class Grid:
    code: str
    width: int
    head: list[list[Cell]]
    body: list[list[Cell]]


def number_text(value: object) -> str:
    """A cell's number as printed: no exponent, no trailing '.0' lost or added."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, int):
        return str(value)
    return format(Decimal(repr(value)), "f")


def simple_grids(report: Report, spec: Format) -> list[Grid]:
    """Section 二: one small table per 第二十条 item, all the same width like the template."""
    tables = [t for t in spec.tables if t.section == "proactive"]
    width = 1 + max(len(t.columns) for t in tables)
    out = []
    for t in tables:
        data = report.tables.get(t.code) or {}
        head = [
            [Cell(t.title, colspan=width, kind="title")],
            [Cell(t.corner, kind="head")] + _spread([Cell(c.label, kind="head") for c in t.columns], width - 1),
        ]
        body = []
        for r in t.rows:
            values = [Cell(number_text((data.get(r.code) or {}).get(c.code)), kind="value") for c in t.columns]
            body.append([Cell(r.label)] + _spread(values, width - 1))
        out.append(Grid(t.code, width, head, body))
    return out


def _spread(cells: list[Cell], width: int) -> list[Cell]:
    """The last cell spans what is left, as in the template's narrower items."""
    if cells and len(cells) < width:
        cells[-1].colspan = width - len(cells) + 1
    return cells


def applications_grid(report: Report, spec: Format) -> Grid:
    t: Table = spec.table("applications")
    data = report.tables.get("applications") or {}
    rows = t.layout_of(data.keys()) if data else t.rows
    cols = t.columns
    grouped = [c for c in cols if c.group]
    head = [
        [Cell(t.corner, rowspan=3, colspan=3, kind="head"), Cell(t.top, colspan=len(cols), kind="head")],
        [
            Cell(cols[0].label, rowspan=2, kind="head"),
            Cell(grouped[0].group, colspan=len(grouped), kind="head"),
            Cell(cols[-1].label, rowspan=2, kind="head"),
        ],
        [Cell(c.label, kind="head") for c in grouped],
    ]
    body = []
    for i, r in enumerate(rows):
        line: list[Cell] = []
        depth = len(r.groups)
        for level, group in enumerate(r.groups):
            first = i == 0 or rows[i - 1].groups[: level + 1] != r.groups[: level + 1]
            if first:
                span = 1
                while i + span < len(rows) and rows[i + span].groups[: level + 1] == r.groups[: level + 1]:
                    span += 1
                line.append(Cell(group, rowspan=span, kind="group"))
        line.append(Cell(r.label, colspan=3 - depth))
        line += [Cell(number_text((data.get(r.code) or {}).get(c.code)), kind="value") for c in cols]
        body.append(line)
    return Grid("applications", 3 + len(cols), head, body)


def appeals_grid(report: Report, spec: Format) -> Grid:
    t: Table = spec.table("appeals")
    data = report.tables.get("appeals") or {}
    ncols = len(t.columns)
    review, *litigation = t.rows
    head = [
        [
            Cell(review.label, colspan=ncols, kind="head"),
            Cell(litigation[0].groups[0], colspan=ncols * len(litigation), kind="head"),
        ],
        [Cell(c.label, rowspan=2, kind="head") for c in t.columns]
        + [Cell(r.label, colspan=ncols, kind="head") for r in litigation],
        [Cell(c.label, kind="head") for _ in litigation for c in t.columns],
    ]
    values = [Cell(number_text((data.get(r.code) or {}).get(c.code)), kind="value") for r in t.rows for c in t.columns]
    return Grid("appeals", ncols * len(t.rows), head, [values])
