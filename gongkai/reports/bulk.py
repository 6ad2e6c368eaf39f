"""Bulk check of published reports: files or ZIPs of them, checked in the background by the task
queue's worker (django-tasks, database backend: `gongkai db_worker`), one file at a time under the
per-file limits of gongkai.core.limits, with progress per file, the cells read of each, and an
Excel of the findings. The whole batch has a budget too (settings.BULK_CHECK_SECONDS of wall time,
settings.BULK_CHECK_PAGES pages read): the files past it are listed as not checked, and the page
says so.

The uploads are kept in the private storage only until they are checked."""

import io
import os
import time
import zipfile

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django_tasks import task
from openpyxl import Workbook
from openpyxl.styles import Font

from gongkai.applications.storage import private_storage
from gongkai.core.cli import cells_read
from gongkai.core.limits import DEFAULT as LIMITS, LimitExceeded, zip_member
from gongkai.core.report.model import ReportError
from gongkai.core.report.parse import READABLE_SUFFIXES, page_count

from . import render
from .models import BulkCheck, BulkCheckFile

MAX_FILES = 200
NOT_A_REPORT = gettext_lazy("不是可检查的文件类型（TXT、HTML、DOCX、DOC、WPS、PDF、表格、图片、JSON）")


def _member_name(info):
    name = info.filename
    if not info.flag_bits & 0x800:  # names of ZIPs made on Chinese Windows are GBK
        try:
            name = name.encode("cp437").decode("gb18030")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return name


def _zip_infos(stored):
    with private_storage.open(stored, "rb") as fh:
        try:
            return zipfile.ZipFile(fh).infolist()
        except (zipfile.BadZipFile, ValueError, OSError) as exc:
            raise LimitExceeded(_("压缩包已损坏，无法打开")) from exc


def _rows_for(upload_name, stored, start):
    """BulkCheckFile rows (unsaved) for one upload: itself, or every member of a ZIP (the central
    directory only: members are read one at a time by the worker)."""
    if not upload_name.lower().endswith(".zip"):
        return [BulkCheckFile(position=start, name=upload_name, stored=stored)]
    try:
        infos = _zip_infos(stored)
    except LimitExceeded as exc:
        return [
            BulkCheckFile(position=start, name=upload_name, state=BulkCheckFile.State.UNREADABLE, problem=exc.message)
        ]
    rows = []
    for info in infos:
        if info.is_dir() or os.path.basename(info.filename).startswith((".", "__MACOSX")):
            continue
        name = f"{upload_name}/{_member_name(info)}"
        row = BulkCheckFile(position=start + len(rows), name=name[:500], stored=stored, member=info.filename)
        if not name.lower().endswith(READABLE_SUFFIXES):
            row.state, row.stored, row.member = BulkCheckFile.State.SKIPPED, "", ""
        rows.append(row)
    return rows


@transaction.atomic
def bulk_check_start(*, actor, uploads):
    """Keep the uploads, list every file to check and queue the check; the BulkCheck."""
    check = BulkCheck.objects.create(created_by=actor)
    rows = []
    for k, upload in enumerate(uploads):
        stored = private_storage.save(f"bulk/{check.pk}/{k}", upload)  # streamed in chunks
        rows += _rows_for(upload.name, stored, len(rows))
    for row in rows[MAX_FILES:]:
        row.state, row.stored, row.member = BulkCheckFile.State.UNREADABLE, "", ""
        row.problem = _("一次最多检查 %(count)s 个文件，这个文件未检查") % {"count": MAX_FILES}
    for row in rows:
        row.check_run = check
    BulkCheckFile.objects.bulk_create(rows)
    transaction.on_commit(lambda: run_bulk_check.enqueue(check.pk))
    return check


@task()
def run_bulk_check(check_id):
    """The worker's job: every waiting file of the check, in order, each under the file limits."""
    check = BulkCheck.objects.get(pk=check_id)
    BulkCheck.objects.filter(pk=check.pk).update(state=BulkCheck.State.RUNNING)
    budget = Budget()
    try:
        for row in check.files.filter(state=BulkCheckFile.State.WAITING):
            over = budget.exceeded()
            if over:
                row.state, row.problem = BulkCheckFile.State.OVER_BUDGET, over
                row.save()
                continue
            _check_one(row)
            budget.spend(row)
    except Exception as exc:  # said on the page, and the task result records the traceback
        BulkCheck.objects.filter(pk=check.pk).update(
            state=BulkCheck.State.FAILED,
            finished_at=timezone.now(),
            problem=_("检查中断（%(kind)s），请重新提交") % {"kind": type(exc).__name__},
        )
        raise
    finally:
        _forget_uploads(check)
    left = check.files.filter(state=BulkCheckFile.State.OVER_BUDGET).count()
    problem = (
        _("本批文件超出了批量检查的总上限，其余 %(count)s 个文件未检查，请分批提交") % {"count": left} if left else ""
    )
    BulkCheck.objects.filter(pk=check.pk).update(
        state=BulkCheck.State.DONE, finished_at=timezone.now(), problem=problem
    )


class Budget:
    """One batch's overall budget: the wall time since it started and the pages read. Each file
    is bounded by its own limits, so the batch stops at most one file past its budget."""

    def __init__(self):
        self.seconds, self.max_pages = settings.BULK_CHECK_SECONDS, settings.BULK_CHECK_PAGES
        self.started = time.monotonic()
        self.files = self.pages = 0

    def spend(self, row):
        self.files += 1
        self.pages += row.pages

    def exceeded(self):
        """Why the next file is not checked, or "" while the batch is within its budget."""
        if self.files and time.monotonic() - self.started > self.seconds:
            limit = (
                _("%(minutes)s 分钟") % {"minutes": self.seconds // 60}
                if self.seconds >= 60
                else _("%(seconds)s 秒") % {"seconds": self.seconds}
            )
            return _("本批检查已用时超过 %(limit)s的总上限，这个文件未检查，请分批提交") % {"limit": limit}
        if self.pages >= self.max_pages:
            return _("本批检查已读 %(pages)s 页，达到每批 %(limit)s 页的总上限，这个文件未检查，请分批提交") % {
                "pages": self.pages,
                "limit": self.max_pages,
            }
        return ""


def _read_stored(row):
    with private_storage.open(row.stored, "rb") as fh:
        if not row.member:
            data = fh.read(LIMITS.max_bytes + 1)
            if len(data) > LIMITS.max_bytes:
                raise LimitExceeded(_("文件超过 %(mb)s MB 的大小上限，已拒绝读取") % {"mb": LIMITS.max_bytes // 2**20})
            return data
        with zipfile.ZipFile(fh) as archive:
            return zip_member(archive, archive.getinfo(row.member), LIMITS)


def _check_one(row):
    try:
        data = _read_stored(row)
        report = render.parse(row.name, data)
    except (ReportError, LimitExceeded) as exc:
        row.state, row.problem = BulkCheckFile.State.UNREADABLE, exc.message
    except (OSError, KeyError, zipfile.BadZipFile) as exc:
        row.state, row.problem = (
            BulkCheckFile.State.UNREADABLE,
            _("文件无法打开（%(kind)s）") % {"kind": type(exc).__name__},
        )
    else:
        row.state = BulkCheckFile.State.CHECKED
        row.agency, row.year, row.report_format = report.agency or "", report.year, report.format or ""
        row.cells_read, row.cells_total = cells_read(report)
        row.pages = min(page_count(data, row.name), LIMITS.max_pages)
        row.findings = [f.to_dict() for f in report.findings]
        row.errors = sum(1 for f in report.findings if f.severity == "error")
        row.warnings = len(report.findings) - row.errors
    row.save()


def _forget_uploads(check):
    folder = f"bulk/{check.pk}"
    try:
        _dirs, names = private_storage.listdir(folder)
    except FileNotFoundError:
        names = []
    for name in names:
        private_storage.delete(f"{folder}/{name}")
    check.files.update(stored="")


def progress(check):
    """(files done, files in all) of a check."""
    files = list(check.files.values_list("state", flat=True))
    return sum(1 for s in files if s != BulkCheckFile.State.WAITING), len(files)


SEVERITY = {"error": gettext_lazy("错误"), "warning": gettext_lazy("警告")}


def findings_xlsx(check):
    """The findings as an Excel workbook: one row per file without findings, one per finding."""
    wb = Workbook()
    sheet = wb.active
    sheet.title = _("检查结果")
    sheet.append(
        [
            _("文件"),
            _("状态"),
            _("机关"),
            _("年度"),
            _("格式"),
            _("错误"),
            _("警告"),
            _("规则"),
            _("严重程度"),
            _("位置"),
            _("说明"),
            _("读出单元格"),
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for f in check.files.all():
        head = [f.name, f.get_state_display(), f.agency, f.year, f.report_format, f.errors, f.warnings]
        cells = f"{f.cells_read}/{f.cells_total}" if f.cells_total else ""
        if f.state != BulkCheckFile.State.CHECKED:
            sheet.append(
                head
                + [
                    "",
                    "",
                    "",
                    f.problem or (str(NOT_A_REPORT) if f.state == BulkCheckFile.State.SKIPPED else ""),
                    cells,
                ]
            )
            continue
        if not f.findings:
            sheet.append(head + ["", "", "", _("没有发现问题"), cells])
        for finding in f.findings:
            sheet.append(
                head
                + [
                    finding["rule"],
                    str(SEVERITY.get(finding["severity"], finding["severity"])),
                    finding["where"],
                    finding["message"],
                    cells,
                ]
            )
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
