"""A letter as the agency sends it (告知书, 通知书, 回执), drawn with the one document stack.

Layout after GB/T 9704: the agency's name in red at the top (发文机关标志) over a red rule, the
title, the letter number (文号), the addressee flush left (主送), the body indented two
characters, then — after room for the seal — the agency's name and the date at the right, four
characters from the margin, and the contact person and phone as 附注 under them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from . import document as doc


@dataclass(frozen=True)
class Letter:
    letterhead: str  # 发文机关标志: the agency's name
    title: str
    paragraphs: tuple[str, ...]  # the body; a paragraph may hold line breaks
    number: str = ""  # 文号
    addressee: str = ""  # 主送: "张三：" (printed flush left)
    signature: tuple[str, ...] = ()  # 署名 and 成文日期, one line each, at the right
    contact: str = ""  # 附注, e.g. （联系人：王五；联系电话：0953-1234567）
    meta: dict[str, str] = field(default_factory=dict)  # document properties (author, subject)


def letter_html(letter: Letter) -> str:
    body = [
        f'<p class="letterhead">{escape(letter.letterhead)}</p>',
        '<hr class="rule">',
        f"<h1>{escape(letter.title)}</h1>",
    ]
    if letter.number:
        body.append(f'<p class="number">{escape(letter.number)}</p>')
    if letter.addressee:
        body.append(f'<p class="to">{escape(letter.addressee)}</p>')
    body += [f"<p>{_lines(p)}</p>" for p in letter.paragraphs]
    if letter.signature:
        body.append('<div class="sign">' + "".join(f"<p>{escape(s)}</p>" for s in letter.signature) + "</div>")
    if letter.contact:
        body.append(f'<p class="contact">{escape(letter.contact)}</p>')
    return doc.html_page(letter.title, body)


def _lines(text: str) -> str:
    return "<br>".join(escape(line) for line in text.split("\n"))


def letter_pdf(letter: Letter) -> bytes:
    return doc.pdf_from_html(letter_html(letter))


def letter_docx(letter: Letter) -> bytes:
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = doc.docx_document()
    head = document.add_paragraph()
    head.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.docx_run(head, letter.letterhead, doc.TITLE_FONTS, doc.LETTERHEAD_PT, rgb=doc.LETTERHEAD_RGB)
    # The red rule under the letterhead: a bottom border of the letterhead paragraph.
    border = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (
        ("w:val", "single"),
        ("w:sz", "12"),
        ("w:space", "4"),
        ("w:color", "{:02X}{:02X}{:02X}".format(*doc.LETTERHEAD_RGB)),
    ):
        bottom.set(qn(key), value)
    border.append(bottom)
    head._p.get_or_add_pPr().append(border)
    doc.docx_title(document, letter.title)
    if letter.number:
        number = document.add_paragraph()
        number.alignment = WD_ALIGN_PARAGRAPH.CENTER
        doc.docx_run(number, letter.number)
    if letter.addressee:
        doc.docx_body(document, letter.addressee, indent=False)
    for text in letter.paragraphs:
        doc.docx_body(document, text)
    for i, line in enumerate(letter.signature):
        p = document.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        p.paragraph_format.right_indent = Pt(doc.SIGN_RIGHT_CHARS * doc.BODY_PT)
        if i == 0:  # room for the seal above the 署名
            p.paragraph_format.space_before = Pt(doc.SEAL_SPACE_LINES * doc.BODY_PT * 1.5)
        doc.docx_run(p, line)
    if letter.contact:
        contact = doc.docx_body(document, letter.contact)
        contact.paragraph_format.space_before = Pt(doc.BODY_PT)
    properties = document.core_properties
    properties.title = letter.title
    properties.author = letter.meta.get("author", letter.letterhead)
    properties.subject = letter.meta.get("subject", letter.number)
    doc.docx_page_number(document.sections[0])
    return doc.docx_bytes(document)
