"""The reports app's door to the core readers and renderers (pure, no Django).

A corrected version carries its 更正说明 at the head of the document, under the title.
"""

from django.utils.translation import gettext as _

from gongkai.core.report.formats import SECTIONS, TEXT_SECTIONS
from gongkai.core.report.model import Report
from gongkai.core.report.parse import parse_bytes
from gongkai.core.report.render import render_docx, render_html, render_pdf


def parse(filename, content, previous=None, level=None):
    """A Report from an uploaded file (TXT / HTML / DOCX / PDF / JSON); raises ReportError."""
    return parse_bytes(content, filename, previous=previous, level=level)


def _note(correction_note):
    return (
        _("更正说明：%(note)s") % {"note": correction_note.strip()}
        if correction_note and correction_note.strip()
        else ""
    )


def html(value, correction_note=""):
    return render_html(value, note=_note(correction_note))


def docx(value, correction_note=""):
    return render_docx(value, note=_note(correction_note))


def pdf(value, correction_note=""):
    return render_pdf(value, note=_note(correction_note))


def frozen(version):
    return Report.from_dict(version.data)


def version_docx(version):
    """The stored file of a published version; an imported version is rendered from its
    frozen data (which never changes, so neither does the file)."""
    return bytes(version.docx) or docx(frozen(version), version.correction_note)


def version_pdf(version):
    return bytes(version.pdf) or pdf(frozen(version), version.correction_note)


def text_sections(value):
    """{section code: (heading, [paragraphs])} of the written sections 一、五、六."""
    return {
        s.code: (s.heading, [p.strip() for p in value.sections.get(s.code, "").splitlines() if p.strip()])
        for s in SECTIONS
        if s.code in TEXT_SECTIONS
    }
