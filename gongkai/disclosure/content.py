"""What goes into an item: sanitized rich text and checked attachments."""

import re
from dataclasses import dataclass
from pathlib import PurePath

import filetype
import nh3
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.core import attachments
from gongkai.core.limits import LimitExceeded

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "div",
    "span",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "li",
    "blockquote",
    "a",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
# What a user may have pasted that we always drop: active content, styles, event handlers.
_ACTIVE = re.compile(r"<\s*(script|style|iframe|object|embed)\b|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


_BLOCK = re.compile(r"<\s*(p|br|div|li|ul|ol|table|tr|h[1-6]|blockquote|pre)\b", re.IGNORECASE)


def with_line_breaks(html: str) -> str:
    """Text typed or pasted without markup keeps its shape: a blank line starts a paragraph, a line
    break stays a line break (a numbered 名单 stays one name a line). Markup that already has
    paragraphs or line breaks is left as it is."""
    text = (html or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    if "\n" not in text or _BLOCK.search(text):
        return text
    paragraphs = [p for p in re.split(r"\n[ \t\u3000]*\n", text) if p.strip()]
    return "".join(
        "<p>" + "<br>".join(line.strip() for line in p.split("\n") if line.strip()) + "</p>" for p in paragraphs
    )


def sanitize_body(html: str) -> tuple[str, bool]:
    """Clean rich text; the flag says whether active content (script, style, on*) was removed."""
    html = with_line_breaks(html or "")
    removed = bool(_ACTIVE.search(html))
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return clean.strip(), removed


def body_text(html: str) -> str:
    return strip_tags(html or "").replace("&nbsp;", " ")


MAX_ATTACHMENT_BYTES = getattr(settings, "DISCLOSURE_MAX_ATTACHMENT_BYTES", 20 * 1024 * 1024)

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE_BREAK = "\f"  # between the pages of an attachment's stored text
# kind by MIME type detected from the content; the extensions a file of that kind may carry.
ACCEPTED = {
    "application/pdf": ("pdf", {".pdf"}),
    DOCX_MIME: ("docx", {".docx"}),
    XLSX_MIME: ("xlsx", {".xlsx"}),
    "image/jpeg": ("image", {".jpg", ".jpeg"}),
    "image/png": ("image", {".png"}),
    "image/gif": ("image", {".gif"}),
    "image/webp": ("image", {".webp"}),
}


@dataclass
class CheckedFile:
    name: str
    kind: str
    mime: str
    size: int
    text: str  # the pages' text, separated by PAGE_BREAK
    content: bytes
    problem: str = ""  # why the text could not be read: a person must check the file


def check_attachment(upload) -> CheckedFile:
    """Read an upload, check size and type by content, extract its text; ValidationError if bad."""
    name = PurePath(getattr(upload, "name", "") or "file").name
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_too_big(name))
    content = upload.read()
    if len(content) > MAX_ATTACHMENT_BYTES:
        raise ValidationError(_too_big(name))
    if not content:
        raise ValidationError(_("附件“%(name)s”是空文件。") % {"name": name})
    guess = filetype.guess(content[:8192] if not content.startswith(b"PK") else content)
    mime = guess.mime if guess else ""
    if mime not in ACCEPTED:
        raise ValidationError(
            _("附件“%(name)s”的内容不是 PDF、DOCX、XLSX 或图片（JPG、PNG、GIF、WEBP）文件，已拒绝上传。")
            % {"name": name}
        )
    kind, extensions = ACCEPTED[mime]
    if PurePath(name).suffix.lower() not in extensions:
        raise ValidationError(
            _("附件“%(name)s”的扩展名与文件内容（%(kind)s）不符，请确认文件后重新上传。")
            % {"name": name, "kind": kind.upper() if kind != "image" else _("图片")}
        )
    text, problem = extract_text(kind, content)
    return CheckedFile(name=name, kind=kind, mime=mime, size=len(content), text=text, content=content, problem=problem)


def _too_big(name):
    limit = MAX_ATTACHMENT_BYTES // (1024 * 1024)
    return _("附件“%(name)s”超过 %(limit)s MB，请压缩或拆分后上传。") % {"name": name, "limit": limit}


def extract_text(kind: str, content: bytes) -> tuple[str, str]:
    """(the pages' text joined by PAGE_BREAK, "" or why it could not be read). A file that cannot
    be read is still accepted: the personal-data check then asks a person to confirm it."""
    try:
        pages = attachments.read_pages(kind, content)
    except LimitExceeded as exc:
        return "", exc.message
    return PAGE_BREAK.join(p.replace(PAGE_BREAK, "\n") for p in pages), ""
