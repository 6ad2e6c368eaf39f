"""The annual report as a value: format, year, agency, every cell by code, prose, findings.

JSON form (LAW.md "Codes"): {"format": "2021", "year": 2024, "agency": "…",
"tables": {table: {row: {column: number or null}}}, "findings": [...]} plus the extra keys
"sections" (prose of 一, 五, 六), "headings" (section headings as printed), "provenance"
(where a parsed cell was read), "notes" (why a cell could not be placed) and "unread" (the rows,
"table/row", that the source prints but the reader could not place: R11 at error severity) when
they have content. schema.py holds the one schema a JSON report is checked against.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .formats import Format, get_format

Number = int | float
DECODE_NOTE = "input/decode"  # the notes key saying where bytes of a text could not be decoded


class ReportError(Exception):
    """A file that is not a readable annual report; the message is Chinese and says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableReport(ReportError):
    """The file cannot be read, or holds no annual report."""


def unreadable_text(message: str) -> str:
    """What to show for a file that could not be read: most readers' messages already begin with
    "无法读取", the others (limits, a crashed check) get it in front, so it is never said twice."""
    return message if message.startswith("无法读取") else f"无法读取：{message}"


class NotAReport(UnreadableReport):
    """A readable file of another kind (a JSON without a report's keys): a folder check skips
    it and counts it, rather than calling it an unreadable report."""


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    where: str  # "applications/new/total", "section/problems", ...
    message: str
    page: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "severity": self.severity, "where": self.where, "message": self.message}
        if self.page is not None or self.line is not None:
            d["at"] = {"page": self.page, "line": self.line}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        at = d.get("at") or {}
        return cls(
            rule=d["rule"],
            severity=d["severity"],
            where=d["where"],
            message=d["message"],
            page=at.get("page"),
            line=at.get("line"),
        )


_PLAIN = {int, float, type(None)}  # a cell's value, checked by type first (a report has hundreds)


@dataclass
class Report:
    format: str
    year: int
    agency: str
    tables: dict[str, dict[str, dict[str, Number | None]]]
    findings: list[Finding] = field(default_factory=list)
    sections: dict[str, str] = field(default_factory=dict)
    # Section headings as printed ("" when not found); empty for a report built from data, which
    # the renderer prints with the national headings.
    headings: dict[str, str] = field(default_factory=dict)
    provenance: dict[str, dict[str, int | str | None]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    # "table/row" keys of rows the source prints but the reader could not place (an error, not a
    # blank the publication left): a cell not read is never indistinguishable from a clean one.
    unread: list[str] = field(default_factory=list)

    @property
    def spec(self) -> Format:
        return get_format(self.format)

    def cell(self, table: str, row: str, column: str) -> Number | None:
        return self.tables.get(table, {}).get(row, {}).get(column)

    def set_cell(self, table: str, row: str, column: str, value: Number | None) -> None:
        """Fill one cell; the code must exist in the report's format (or its alternate layout)."""
        self.fill(table, {row: {column: value}})

    def fill(self, table: str, values: dict[str, dict[str, Number | None]]) -> None:
        """Fill many cells of one table: {row: {column: value}}; every code must exist in the
        report's format (or its alternate layout)."""
        t = self.spec.table(table)
        cells = self.tables.setdefault(table, {})
        for row, cols in values.items():
            t.row(row)
            if not cols.keys() <= t.column_index.keys():
                for column in cols.keys() - t.column_index.keys():
                    t.column(column)  # KeyError naming it
            for value in cols.values():
                if type(value) not in _PLAIN and (not isinstance(value, (int, float)) or isinstance(value, bool)):
                    raise TypeError(f"cell value must be a number or None, got {value!r}")
            cells.setdefault(row, {}).update(cols)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "format": self.format,
            "year": self.year,
            "agency": self.agency,
            "tables": self.tables,
            "findings": [f.to_dict() for f in self.findings],
        }
        for key in ("sections", "headings", "provenance", "notes", "unread"):
            value = getattr(self, key)
            if value:
                d[key] = value
        return d

    def to_json(self, indent: int | None = 1) -> str:
        return canonical_json(self.to_dict(), indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        """A report from its JSON form, checked against the one schema first (schema.py)."""
        # imported here: schema.py imports this module
        from .schema import check_report_data

        check_report_data(d)
        try:
            spec = get_format(str(d["format"]))
            return cls(
                format=spec.code,
                year=d["year"],
                agency=d.get("agency") or "",
                tables=_checked_tables(spec, d["tables"]),
                findings=[Finding.from_dict(f) for f in d.get("findings") or []],
                sections=dict(d.get("sections") or {}),
                headings=dict(d.get("headings") or {}),
                provenance={k: dict(v) for k, v in (d.get("provenance") or {}).items()},
                notes=dict(d.get("notes") or {}),
                unread=list(d.get("unread") or []),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UnreadableReport(
                'JSON 不是年度报告：需要 format（"2019" 或 "2021"）、year（整数）、agency 和 tables 四项'
            ) from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> "Report":
        # imported here: schema.py imports this module
        from .schema import load_json

        return cls.from_dict(load_json(text))

    def same_content(self, other: "Report") -> bool:
        """Equal as a document: meta, every cell and the prose up to whitespace and line breaks."""
        return (
            self.format == other.format
            and self.year == other.year
            and self.agency == other.agency
            and self.tables == other.tables
            and _prose(self.sections) == _prose(other.sections)
        )


def canonical(data: Any) -> Any:
    """The one form of report data: keys sorted, whole-valued floats as integers (PostgreSQL's
    jsonb gives 1e16 back as an integer and reorders keys; SQLite keeps what it was given)."""
    if isinstance(data, dict):
        return {str(k): canonical(data[k]) for k in sorted(data, key=str)}
    if isinstance(data, (list, tuple)):
        return [canonical(v) for v in data]
    if isinstance(data, float) and data.is_integer() and abs(data) < 2**53:
        return int(data)
    return data


def canonical_json(data: Any, indent: int | None = 1) -> str:
    """The same bytes for the same report on every database: sorted keys, one number format."""
    return json.dumps(canonical(data), ensure_ascii=False, indent=indent, sort_keys=True, allow_nan=False)


def _checked_tables(spec: Format, tables: Any) -> dict[str, Any]:
    """Tables of a JSON report: known codes only, every cell a number or null."""
    if not isinstance(tables, dict):
        raise ValueError("tables")
    out: dict[str, Any] = {}
    # in memory, tables, rows and columns keep the format's printed order whatever the JSON's
    for t, rows in _ordered(tables, [t.code for t in spec.tables]):
        table = spec.table(t)
        if not isinstance(rows, dict):
            raise ValueError(t)
        out[t] = {}
        row_order = [r.code for r in table.layout_of(rows) + table.rows + table.alt_rows]
        for r, cols in _ordered(rows, row_order):
            table.row(r)
            if not isinstance(cols, dict):
                raise ValueError(r)
            for c, v in cols.items():
                table.column(c)
                if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                    raise ValueError(f"{t}/{r}/{c}")
            out[t][r] = dict(_ordered(cols, list(table.column_codes)))
    return out


def _ordered(mapping: dict[str, Any], order: list[str]) -> list[tuple[str, Any]]:
    """Items in the declared order (unknown codes last: the caller refuses them)."""
    rank = {code: i for i, code in reversed(list(enumerate(order)))}
    return sorted(mapping.items(), key=lambda kv: rank.get(kv[0], len(order)))


def _prose(sections: dict[str, str]) -> dict[str, str]:
    return {k: "".join(v.split()) for k, v in sections.items() if "".join(v.split())}


def empty_report(format: str, year: int, agency: str) -> Report:
    """A report of the given format with every cell present and None, ready to be filled."""
    spec = get_format(format)
    tables: dict[str, dict[str, dict[str, Number | None]]] = {
        t.code: {r.code: {c.code: None for c in t.columns} for r in t.rows} for t in spec.tables
    }
    return Report(format=spec.code, year=year, agency=agency, tables=tables)
