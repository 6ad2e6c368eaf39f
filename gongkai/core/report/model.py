"""The annual report as a value: format, year, agency, every cell by code, prose, findings.

JSON form (LAW.md "Codes"): {"format": "2021", "year": 2024, "agency": "…",
"tables": {table: {row: {column: number or null}}}, "findings": [...]} plus the extra keys
"sections" (prose of 一, 五, 六), "headings" (section headings as printed), "provenance"
(where a parsed cell was read) and "notes" (why a cell could not be placed) when they have content.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .formats import Format, get_format

Number = int | float


class ReportError(Exception):
    """A file that is not a readable annual report; the message is Chinese and says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class UnreadableReport(ReportError):
    """The file cannot be read, or holds no annual report."""


@dataclass(frozen=True)
class Finding:
    rule: str
    severity: str  # "error" | "warning"
    where: str  # "applications/new/total", "section/problems", ...
    message: str
    page: int | None = None
    line: int | None = None

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"rule": self.rule, "severity": self.severity,
                             "where": self.where, "message": self.message}
        if self.page is not None or self.line is not None:
            d["at"] = {"page": self.page, "line": self.line}
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Finding":
        at = d.get("at") or {}
        return cls(rule=d["rule"], severity=d["severity"], where=d["where"],
                   message=d["message"], page=at.get("page"), line=at.get("line"))


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
    provenance: dict[str, dict[str, int | None]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    @property
    def spec(self) -> Format:
        return get_format(self.format)

    def cell(self, table: str, row: str, column: str) -> Number | None:
        return self.tables.get(table, {}).get(row, {}).get(column)

    def set_cell(self, table: str, row: str, column: str, value: Number | None) -> None:
        """Fill one cell; the code must exist in the report's format (or its alternate layout)."""
        t = self.spec.table(table)
        t.row(row)
        t.column(column)
        if value is not None and not isinstance(value, (int, float)) or isinstance(value, bool):
            raise TypeError(f"cell value must be a number or None, got {value!r}")
        self.tables.setdefault(table, {}).setdefault(row, {})[column] = value

    def fill(self, table: str, values: dict[str, dict[str, Number | None]]) -> None:
        """Fill many cells of one table: {row: {column: value}}."""
        for row, cols in values.items():
            for col, value in cols.items():
                self.set_cell(table, row, col, value)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {
            "format": self.format, "year": self.year, "agency": self.agency,
            "tables": self.tables,
            "findings": [f.to_dict() for f in self.findings],
        }
        for key in ("sections", "headings", "provenance", "notes"):
            value = getattr(self, key)
            if value:
                d[key] = value
        return d

    def to_json(self, indent: int | None = 1) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> "Report":
        try:
            fmt = str(d["format"])
            get_format(fmt)
            year = d["year"]
            if isinstance(year, bool) or not isinstance(year, int):
                raise ValueError
            tables = _checked_tables(get_format(fmt), d["tables"])
            return cls(
                format=fmt, year=year, agency=str(d.get("agency") or ""),
                tables=tables,
                findings=[Finding.from_dict(f) for f in d.get("findings") or []],
                sections=dict(d.get("sections") or {}),
                headings=dict(d.get("headings") or {}),
                provenance=dict(d.get("provenance") or {}),
                notes=dict(d.get("notes") or {}),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise UnreadableReport("JSON 不是年度报告：需要 format（\"2019\" 或 \"2021\"）、"
                                   "year（整数）、agency 和 tables 四项") from exc

    @classmethod
    def from_json(cls, text: str | bytes) -> "Report":
        try:
            data = json.loads(text)
        except (ValueError, UnicodeDecodeError) as exc:
            raise UnreadableReport("无法读取 JSON：文件不是有效的 JSON") from exc
        if not isinstance(data, dict):
            raise UnreadableReport("JSON 不是年度报告：顶层应为对象")
        return cls.from_dict(data)

    def same_content(self, other: "Report") -> bool:
        """Equal as a document: meta, every cell and the prose up to whitespace and line breaks."""
        return (self.format == other.format and self.year == other.year
                and self.agency == other.agency and self.tables == other.tables
                and _prose(self.sections) == _prose(other.sections))


def _checked_tables(spec: Format, tables: Any) -> dict[str, Any]:
    """Tables of a JSON report: known codes only, every cell a number or null."""
    if not isinstance(tables, dict):
        raise ValueError("tables")
    out: dict[str, Any] = {}
    for t, rows in tables.items():
        table = spec.table(t)
        if not isinstance(rows, dict):
            raise ValueError(t)
        out[t] = {}
        for r, cols in rows.items():
            table.row(r)
            if not isinstance(cols, dict):
                raise ValueError(r)
            for c, v in cols.items():
                table.column(c)
                if v is not None and (isinstance(v, bool) or not isinstance(v, (int, float))):
                    raise ValueError(f"{t}/{r}/{c}")
            out[t][r] = dict(cols)
    return out


def _prose(sections: dict[str, str]) -> dict[str, str]:
    return {k: "".join(v.split()) for k, v in sections.items() if "".join(v.split())}


def empty_report(format: str, year: int, agency: str) -> Report:
    """A report of the given format with every cell present and None, ready to be filled."""
    spec = get_format(format)
    tables: dict[str, dict[str, dict[str, Number | None]]] = {
        t.code: {r.code: {c.code: None for c in t.columns} for r in t.rows}
        for t in spec.tables}
    return Report(format=spec.code, year=year, agency=agency, tables=tables)
