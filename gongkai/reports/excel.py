"""The supervising office's roll-up as an Excel workbook (openpyxl)."""

import io

from openpyxl import Workbook
from openpyxl.styles import Font

def workbook(*, rows, totals, year):
    wb = Workbook()
    status = wb.active
    status.title = "报告状态"
    status.append(["机关", "报告状态", "逾期发布", "校验错误", "逾期未答复申请", "逾期公开信息"])
    for r in rows:
        status.append([r.agency.name, r.status, "是" if r.late else "否", len(r.errors),
                       r.overdue_applications, r.late_items])
    sheet = wb.create_sheet("汇总")
    sheet.append([f"{year} 年度 二至四部分合计（{len(rows)} 个机关）"])
    sheet.append(["表", "行", "列", "代码", "合计", *[r.agency.name for r in rows]])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for t in totals.spec.tables:
        for row in t.rows:
            for col in t.columns:
                sheet.append([
                    t.title, row.label, col.label, f"{t.code}/{row.code}/{col.code}",
                    totals.cell(t.code, row.code, col.code),
                    *[r.value.cell(t.code, row.code, col.code) for r in rows],
                ])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
