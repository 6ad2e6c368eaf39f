"""Bulk check of published reports: files or a ZIP of them, each read and checked by the core."""

import io
import os
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from gongkai.core.report.model import ReportError

from . import render

MAX_FILES = 200
READABLE = (".txt", ".html", ".htm", ".shtml", ".docx", ".pdf", ".json")


@dataclass
class Checked:
    name: str
    report: object = None
    error: str = ""
    findings: list = field(default_factory=list)

    @property
    def errors(self):
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self):
        return [f for f in self.findings if f.severity == "warning"]


def _zip_members(name, data):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        return [(name, None, _("压缩包已损坏，无法打开"))]
    out = []
    for info in archive.infolist():
        if info.is_dir() or os.path.basename(info.filename).startswith("."):
            continue
        member = info.filename
        try:
            member = member.encode("cp437").decode("gb18030") if not info.flag_bits & 0x800 else member
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
        if not member.lower().endswith(READABLE):
            out.append((f"{name}/{member}", None, _("不是可检查的文件类型（TXT、HTML、DOCX、PDF、JSON）")))
            continue
        out.append((f"{name}/{member}", archive.read(info), ""))
    return out


def _expand(uploads):
    for upload in uploads:
        data = upload.read()
        if upload.name.lower().endswith(".zip"):
            yield from _zip_members(upload.name, data)
        else:
            yield upload.name, data, ""


def check_uploads(uploads):
    """[Checked] for every uploaded file, in order; a file that cannot be read says why."""
    results = []
    for name, data, problem in _expand(uploads):
        if len(results) >= MAX_FILES:
            results.append(Checked(name="…", error=_("一次最多检查 %(count)s 个文件，其余未检查") % {"count": MAX_FILES}))
            break
        if problem:
            results.append(Checked(name=name, error=problem))
            continue
        try:
            report = render.parse(name, data)
        except ReportError as exc:
            results.append(Checked(name=name, error=exc.message))
            continue
        results.append(Checked(name=name, report=report, findings=report.findings))
    return results
