"""The supervising office's roll-up as an Excel workbook (openpyxl)."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

def workbook(*, rows, totals, year):
    wb = Workbook()
    status = wb.active
    status.title = _("报告状态")
    status.append([_("机关"), _("报告状态"), _("逾期发布"), _("校验错误"), _("逾期未答复申请"), _("逾期公开信息")])
    for r in rows:
        status.append([r.agency.name, r.status, _("是") if r.late else _("否"), len(r.errors),
                       r.overdue_applications, r.late_items])
    sheet = wb.create_sheet(_("汇总"))
    sheet.append([_("%(year)s 年度 二至四部分合计（%(count)s 个机关）") % {"year": year, "count": len(rows)}])
    sheet.append([_("表"), _("行"), _("列"), _("代码"), _("合计"), *[r.agency.name for r in rows]])
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
