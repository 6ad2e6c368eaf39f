"""The supervising office's roll-up as an Excel workbook (openpyxl).

One sheet of report statuses, then one sheet per table of the national format, laid out as the
table is printed but with the agencies as rows: two header rows (the table's row label over its
column labels, from the format declaration), one row per agency, and the county total last.
Headers are frozen, columns sized, and numbers formatted (counts whole, money with two decimals).
"""

import io
import re

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

HEADER = Font(bold=True)
SHADE = PatternFill("solid", fgColor="E8EEF5")
WRAP = Alignment(wrap_text=True, vertical="center", horizontal="center")
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
NAME_WIDTH = 30
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def workbook(*, rows, totals, year):
    wb = Workbook()
    _status_sheet(wb.active, rows)
    for table in totals.spec.tables:
        _table_sheet(wb.create_sheet(_sheet_title(table)), table, rows, totals, year)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _sheet_title(table):
    return _SHEET_FORBIDDEN.sub("", f"{table.code} {table.title}")[:31]


def _status_sheet(sheet, rows):
    sheet.title = _("报告状态")
    sheet.append([_("机关"), _("报告状态"), _("逾期发布"), _("校验错误"), _("逾期未答复申请"), _("逾期公开信息")])
    for r in rows:
        sheet.append(
            [
                r.agency.name,
                r.status,
                _("是") if r.late else _("否"),
                len(r.errors),
                r.overdue_applications,
                r.late_items,
            ]
        )
    _header_style(sheet[1])
    sheet.freeze_panes = "B2"
    sheet.column_dimensions["A"].width = NAME_WIDTH
    for letter in "BCDEF":
        sheet.column_dimensions[letter].width = 14
    for row in sheet.iter_rows(min_row=2, min_col=4, max_col=6):
        for cell in row:
            cell.number_format = COUNT_FORMAT


def _row_label(row):
    return "·".join([*row.groups, row.label])


def _table_sheet(sheet, table, rows, totals, year):
    cells = [(r, c) for r in table.rows for c in table.columns]
    sheet.append(
        [_("%(year)s 年度 %(title)s（%(count)s 个机关）") % {"year": year, "title": table.title, "count": len(rows)}]
    )
    sheet.append([_("机关"), *[_row_label(r) for r, _c in cells]])
    sheet.append(["", *[c.label for _r, c in cells]])
    sheet.merge_cells(start_row=2, start_column=1, end_row=3, end_column=1)
    column = 2
    for _row in table.rows:  # the table's row label spans its columns, as in the printed table
        if len(table.columns) > 1:
            sheet.merge_cells(start_row=2, start_column=column, end_row=2, end_column=column + len(table.columns) - 1)
        column += len(table.columns)
    for value_row in rows:
        sheet.append([value_row.agency.name, *[value_row.value.cell(table.code, r.code, c.code) for r, c in cells]])
    sheet.append([_("合计"), *[totals.cell(table.code, r.code, c.code) for r, c in cells]])
    for header_row in (sheet[2], sheet[3]):
        _header_style(header_row)
    sheet[1][0].font = Font(bold=True, size=12)
    for cell in sheet[sheet.max_row]:
        cell.font = HEADER
    sheet.freeze_panes = "B4"
    sheet.column_dimensions["A"].width = NAME_WIDTH
    sheet.row_dimensions[2].height = 48
    sheet.row_dimensions[3].height = 32
    for i, (_r, c) in enumerate(cells, start=2):
        sheet.column_dimensions[get_column_letter(i)].width = max(10, min(18, len(c.label) * 1.6))
        number_format = MONEY_FORMAT if c.money else COUNT_FORMAT
        for (cell,) in sheet.iter_rows(min_row=4, max_row=sheet.max_row, min_col=i, max_col=i):
            cell.number_format = number_format


def _header_style(cells):
    for cell in cells:
        cell.font, cell.fill, cell.alignment = HEADER, SHADE, WRAP
