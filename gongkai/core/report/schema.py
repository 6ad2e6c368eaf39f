"""The one schema of the JSON form of a report, checked before anything reads a JSON report.

It is JSON Schema (draft 2020-12) built from the format declarations, so every table, row and
column code comes from formats.py. Checked: types (provenance an object, headings strings, sections
never null), the codes of the report's own format, year 1990–2100, cells finite numbers within
±10^12 or null. Cell values that break a consistency rule (a negative count) are findings of the
validator, not a refusal. The messages are Chinese and name the place in the JSON.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from typing import Any, NoReturn

from .formats import FORMATS, Format
from .model import NotAReport, UnreadableReport

YEAR_RANGE = (1990, 2100)
CELL_LIMIT = 10**12
TEXT_LIMIT = 1_000_000

_NUMBER_OR_NULL = {"type": ["number", "null"], "minimum": -CELL_LIMIT, "maximum": CELL_LIMIT}
_INT_OR_NULL = {"type": ["integer", "null"], "minimum": 0, "maximum": 10**7}
_TEXT = {"type": "string", "maxLength": TEXT_LIMIT}


def _tables_schema(spec: Format) -> dict[str, Any]:
    tables = {}
    for table in spec.tables:
        columns = {c.code: _NUMBER_OR_NULL for c in table.columns}
        row = {"type": "object", "properties": columns, "additionalProperties": False}
        tables[table.code] = {
            "type": "object",
            "properties": {r.code: row for r in table.rows + table.alt_rows},
            "additionalProperties": False,
        }
    return {"type": "object", "properties": tables, "additionalProperties": False}


def _text_map(values: dict[str, Any]) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": values}


REPORT_SCHEMA: dict[str, Any] = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "title": "政府信息公开工作年度报告（JSON 形式）",
    "type": "object",
    "required": ["format", "year", "tables"],
    "properties": {
        "format": {"enum": sorted(FORMATS)},
        "year": {"type": "integer", "minimum": YEAR_RANGE[0], "maximum": YEAR_RANGE[1]},
        "agency": {"type": ["string", "null"], "maxLength": 200},
        "tables": {"type": "object"},
        "findings": {
            "type": ["array", "null"],
            "maxItems": 100_000,
            "items": {
                "type": "object",
                "required": ["rule", "severity", "where", "message"],
                "properties": {
                    "rule": {"type": "string", "maxLength": 20},
                    "severity": {"enum": ["error", "warning"]},
                    "where": {"type": "string", "maxLength": 500},
                    "message": _TEXT,
                    "at": {"type": ["object", "null"], "properties": {"page": _INT_OR_NULL, "line": _INT_OR_NULL}},
                },
            },
        },
        "sections": _text_map(_TEXT),
        "headings": _text_map({"type": "string", "maxLength": 500}),
        # how: a cell recovered by the order of torn numbers or by the table's sums
        "provenance": _text_map(
            {
                "type": "object",
                "properties": {"page": _INT_OR_NULL, "line": _INT_OR_NULL, "how": {"enum": ["order", "sums"]}},
                "additionalProperties": False,
            }
        ),
        "notes": _text_map(_TEXT),
        "unread": {"type": "array", "items": {"type": "string", "maxLength": 200}},
    },
    "allOf": [
        {
            "if": {"properties": {"format": {"const": code}}, "required": ["format"]},
            "then": {"properties": {"tables": _tables_schema(spec)}},
        }
        for code, spec in sorted(FORMATS.items())
    ],
}

_TYPES = {
    "object": "对象",
    "array": "数组",
    "string": "字符串",
    "integer": "整数",
    "number": "数字",
    "null": "null",
    "boolean": "true/false",
}


def _validator() -> Any:
    import jsonschema

    global _VALIDATOR
    if _VALIDATOR is None:
        cls = jsonschema.validators.validator_for(REPORT_SCHEMA)
        cls.check_schema(REPORT_SCHEMA)
        _VALIDATOR = cls(REPORT_SCHEMA)
    return _VALIDATOR


_VALIDATOR = None


def _reject_constant(name: str) -> NoReturn:
    raise ValueError(name)


def load_json(text: str | bytes) -> Any:
    """JSON text to data; NaN and Infinity are not JSON numbers and are refused."""
    try:
        return json.loads(text, parse_constant=_reject_constant)
    except ValueError as exc:
        if str(exc) in ("NaN", "Infinity", "-Infinity"):
            raise UnreadableReport(f"JSON 中有非有限数（{exc}），单元格应为有限的数字或 null") from exc
        raise UnreadableReport("无法读取 JSON：文件不是有效的 JSON") from exc
    except (UnicodeDecodeError, RecursionError) as exc:
        raise UnreadableReport("无法读取 JSON：文件不是有效的 JSON") from exc


def check_report_data(data: Any) -> None:
    """Raise UnreadableReport (NotAReport for a JSON of another kind) unless data is a report
    in the JSON form; the message says where and what to fix."""
    if not isinstance(data, dict):
        raise NotAReport("JSON 不是年度报告：顶层应为对象")
    if not {"format", "year", "tables"} <= set(data):
        raise NotAReport('JSON 不是年度报告：需要 format（"2019" 或 "2021"）、year（整数）和 tables 三项')
    _check_finite(data)
    errors = sorted(_validator().iter_errors(data), key=lambda e: list(e.absolute_path))
    if errors:
        raise UnreadableReport(f"JSON 不是有效的年度报告：{_describe(_deepest(errors))}")


def _check_finite(data: Any, path: str = "", depth: int = 0) -> None:
    if depth > 12:
        raise UnreadableReport(f"JSON 不是有效的年度报告：{path or '顶层'} 嵌套过深")
    if isinstance(data, float) and not math.isfinite(data):
        raise UnreadableReport(f"JSON 不是有效的年度报告：{path} 为{data}，应为有限的数字或 null")
    if isinstance(data, dict):
        for k, v in data.items():
            _check_finite(v, f"{path}/{k}" if path else str(k), depth + 1)
    elif isinstance(data, list):
        for i, v in enumerate(data):
            _check_finite(v, f"{path}[{i}]", depth + 1)


def _deepest(errors: list[Any]) -> Any:
    """The most specific error: jsonschema's if/then reports the inner one as context."""

    def leaves(e: Any) -> Iterator[Any]:
        if e.context:
            for c in e.context:
                yield from leaves(c)
        else:
            yield e

    flat = [leaf for e in errors for leaf in leaves(e)]
    return max(flat, key=lambda e: len(list(e.absolute_path)))


def _describe(error: Any) -> str:
    path = "/".join(str(p) for p in error.absolute_path) or "顶层"
    kind = error.validator
    value = error.instance
    if kind == "type":
        wanted = error.validator_value
        wanted = [wanted] if isinstance(wanted, str) else wanted
        return f"{path} 应为{'或'.join(_TYPES.get(w, w) for w in wanted)}，实为{_shown(value)}"
    if kind in ("minimum", "maximum"):
        if path == "year":
            return f"year 为{_shown(value)}，应在{YEAR_RANGE[0]}–{YEAR_RANGE[1]}之间"
        return f"{path} 为{_shown(value)}，超出允许范围（±{CELL_LIMIT}）"
    if kind == "enum":
        return f"{path} 为{_shown(value)}，应为{'、'.join(map(str, error.validator_value))}之一"
    if kind == "additionalProperties":
        known = set(error.schema.get("properties") or {})
        extra = sorted(str(k) for k in value if k not in known)
        return f"{path} 中有本格式没有的代码：{'、'.join(extra[:5])}"
    if kind == "required":
        return f"{path} 缺少必需的项（{error.message.split(' ')[0]}）"
    if kind in ("maxLength", "maxItems"):
        return f"{path} 过长"
    return f"{path} 不符合年度报告的格式"


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "…"
