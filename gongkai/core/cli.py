"""Command line of the report core (no Django):

    python -m gongkai.core.cli report parse FILE [--json] [--previous FILE] [--level LEVEL]
    python -m gongkai.core.cli report check PATH... [--previous FILE] [--level LEVEL]
    python -m gongkai.core.cli report render FILE --to html|docx|pdf|json -o OUT

main(argv) returns the exit code: 0 no error finding, 1 an error finding, 2 a file that could
not be read (with a Chinese message, never a traceback). The leading "report" is optional, so the
Django management command `report` can pass its own arguments straight through.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from typing import NoReturn
from pathlib import Path

from .report.formats import get_format
from .report.model import NotAReport, Report, ReportError, unreadable_text
from .report.parse import READABLE_SUFFIXES, parse_file
from .report.render import RENDERERS
from .report.validate import validate

SEVERITY = {"error": "错误", "warning": "警告"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        raise _UsageError(message)


class _UsageError(Exception):
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai report", description="政府信息公开工作年度报告：解析、检查、生成")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)
    p = sub.add_parser("parse", help="解析一份年度报告并列出检查结果")
    p.add_argument("file")
    p.add_argument("--json", action="store_true", help="以 JSON 输出")
    _common(p)
    c = sub.add_parser("check", help="检查多份年度报告（文件或文件夹）")
    c.add_argument("paths", nargs="+")
    _common(c)
    r = sub.add_parser("render", help="把年度报告生成为 HTML、DOCX、PDF 或 JSON")
    r.add_argument("file")
    r.add_argument("--to", required=True, choices=sorted(RENDERERS))
    r.add_argument("-o", "--output", required=True)
    return parser


def _common(p: argparse.ArgumentParser) -> None:
    p.add_argument("--previous", help="上一年度的报告（用于检查 R5 结转）")
    p.add_argument("--level", help="机关层级；township/乡镇/街道 时检查 R10")


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] == "report":
        argv = argv[1:]
    try:
        args = build_parser().parse_args(argv)
    except _UsageError as exc:
        print(f"参数错误：{exc}", file=sys.stderr)
        return 2
    except SystemExit as exc:  # --help
        return int(exc.code or 0)
    try:
        if args.command == "parse":
            return _parse(args)
        if args.command == "check":
            return _check(args)
        return _render(args)
    except ReportError as exc:
        print(f"无法读取：{exc.message}", file=sys.stderr)
        return 2
    except Exception as exc:  # a user never gets a traceback from this command
        print(f"处理失败：内部错误（{type(exc).__name__}），请把文件发给维护人员", file=sys.stderr)
        return 2


def _previous(args: argparse.Namespace) -> Report | None:
    if not args.previous:
        return None
    try:
        return parse_file(args.previous)
    except ReportError as exc:
        raise ReportError(f"上一年度报告 {args.previous}：{exc.message}") from exc


def _parse(args: argparse.Namespace) -> int:
    report = parse_file(args.file, previous=_previous(args), level=args.level)
    if args.json:
        print(report.to_json())
    else:
        print(describe(report))
    return 1 if any(f.severity == "error" for f in report.findings) else 0


def describe(report: Report) -> str:
    """The report as plain text: what was read, table by table, then the findings."""
    spec = get_format(report.format)
    lines = [
        f"{report.agency or '（未识别机关）'} {report.year}年度政府信息公开工作年度报告",
        f"格式：{spec.code}年格式（{spec.name}）",
        "",
    ]
    for table in spec.tables:
        data = report.tables.get(table.code) or {}
        if not data:
            continue
        lines.append(f"【{table.title}】" + "  ".join(c.label for c in table.columns))
        for row in table.layout_of(data.keys()):
            if row.code not in data:
                continue
            cells = ["—" if data[row.code].get(c.code) is None else str(data[row.code][c.code]) for c in table.columns]
            lines.append(f"  {row.label}：{' '.join(cells)}")
        lines.append("")
    lines.append(findings_table(report))
    return "\n".join(lines)


def findings_table(report: Report) -> str:
    if not report.findings:
        return "  未发现问题"
    out = [f"  {'规则':<4}{'级别':<4}{'位置':<36}说明"]
    for f in report.findings:
        at = ""
        if f.page is not None or f.line is not None:
            at = f"（{'第%s页' % f.page if f.page else ''}{'第%s行' % f.line if f.line else ''}）"
        out.append(f"  {f.rule:<5}{SEVERITY.get(f.severity, f.severity):<4}{f.where:<38}{f.message}{at}")
    return "\n".join(out)


def _collect(paths: list[str]) -> tuple[list[str], set[str], int]:
    """Files to check, those found by walking a folder (which may be skipped as not a report),
    and how many files of other kinds the folders held."""
    files: list[str] = []
    walked: set[str] = set()
    others = 0
    for p in paths:
        if os.path.isdir(p):
            for f in sorted(Path(p).rglob("*")):
                if not f.is_file() or f.name.startswith("."):
                    continue
                if f.suffix.lower() in READABLE_SUFFIXES:
                    files.append(str(f))
                    walked.add(str(f))
                else:
                    others += 1
        else:
            files.append(p)
    return files, walked, others


def cells_read(report: Report) -> tuple[int, int]:
    """(cells read, cells the format has) over every table: a row printed but not placed is
    not read."""
    spec = get_format(report.format)
    total = unread = 0
    for table in spec.tables:
        rows = table.layout_of((report.tables.get(table.code) or {}).keys())
        total += len(rows) * len(table.columns)
        unread += sum(len(table.columns) for r in rows if f"{table.code}/{r.code}" in report.unread)
    return total - unread, total


def _check(args: argparse.Namespace) -> int:
    previous = _previous(args)
    files, walked, skipped = _collect(args.paths)
    parsed: dict[str, Report | str] = {}
    bar = progress_bar(len(files))
    for k, f in enumerate(list(files), 1):
        bar(k, f)
        try:
            parsed[f] = parse_file(f, level=args.level)
        except NotAReport as exc:
            if f in walked:
                files.remove(f)
                skipped += 1
                continue
            parsed[f] = exc.message
        except ReportError as exc:
            parsed[f] = exc.message
        except Exception as exc:  # one bad file must not stop the batch
            parsed[f] = f"内部错误（{type(exc).__name__}）"
    _pair_years(parsed, previous, args.level)
    errors = warnings = unreadable = partial = 0
    for f in files:
        result = parsed[f]
        if isinstance(result, str):
            print(f"{f}\n  {unreadable_text(result)}\n")
            errors += 1
            unreadable += 1
            continue
        e = sum(1 for x in result.findings if x.severity == "error")
        w = len(result.findings) - e
        errors, warnings = errors + e, warnings + w
        read, total = cells_read(result)
        partial += read < total
        print(
            f"{f}（{result.agency or '未识别机关'}，{result.year}年度，{result.format}年格式）："
            f"{e}个错误，{w}个警告；读出{read}/{total}个单元格"
        )
        print(findings_table(result))
        print()
    print(summary_line(len(files), errors, warnings, unreadable, partial, skipped))
    if unreadable:
        return 2
    return 1 if errors else 0


def progress_bar(total: int) -> Callable[[int, str], None]:
    """A progress line on stderr for runs of more than a few files (stdout keeps the results);
    each scanned page that OCR reads shows on stderr too."""
    from . import ocr

    def page(number: int, pages: int) -> None:
        sys.stderr.write(f"\r  文字识别 第 {number}/{pages} 页\033[K")
        sys.stderr.flush()

    ocr.progress = page

    def draw(k: int, name: str) -> None:
        if total <= 3:
            return
        done = int(30 * k / total)
        sys.stderr.write(f"\r[{'#' * done}{'.' * (30 - done)}] {k}/{total} {os.path.basename(name)[:40]}\033[K")
        if k == total:
            sys.stderr.write("\n")
        sys.stderr.flush()

    return draw


def summary_line(files: int, errors: int, warnings: int, unreadable: int, partial: int, skipped: int) -> str:
    """The last line of a check: never clean when a file or a table could not be read."""
    line = f"{files} files, {errors} errors, {warnings} warnings"
    if unreadable:
        line += f", {unreadable} unreadable"
    if partial:
        line += f", {partial} with tables not fully read"
    if skipped:
        line += f", {skipped} skipped (not reports)"
    return line


def _pair_years(parsed: dict[str, Report | str], previous: Report | None, level: str | None) -> None:
    """R5 within the batch: a report of the same agency one year earlier is its previous."""
    reports = [r for r in parsed.values() if isinstance(r, Report)]
    for r in reports:
        before = previous
        if before is None:
            before = next(
                (
                    p
                    for p in reports
                    if p.year == r.year - 1
                    and p.agency
                    and r.agency
                    and (p.agency.endswith(r.agency) or r.agency.endswith(p.agency))
                ),
                None,
            )
        if before is not None:
            r.findings = validate(r, previous=before, level=level)


def _render(args: argparse.Namespace) -> int:
    report = parse_file(args.file)
    out = RENDERERS[args.to](report)
    data = out.encode("utf-8") if isinstance(out, str) else out
    try:
        Path(args.output).write_bytes(data)
    except OSError as exc:
        raise ReportError(f"无法写入 {args.output}：{exc.strerror or exc}") from exc
    print(f"已生成 {args.output}（{args.to}，{len(data)} 字节）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
