"""The pre-publication check reads every attachment's text — PDF tables whose cells ran
together, XLSX sheets, scans through OCR — says which attachment and page holds an ID or mobile
number, and asks a person to confirm an attachment it could not read."""

import io
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.disclosure import services as s
from gongkai.disclosure.models import Item

from .conftest import ALL_CLEAR

ID = "640323198505061236"  # check digit valid (GB 11643)
LIST = f"""<style>table{{border-collapse:collapse}} td{{padding:0;border:1px solid #000;font-size:12pt}}</style>
<h1>2026年高沙窝镇城乡低保对象名单公示</h1><p>经审核，以下对象符合城乡低保条件。</p>
<table><tr><td>姓名</td><td>身份证号</td><td>联系电话</td><td>月保障金</td></tr>
<tr><td>张某某</td><td>{ID}</td><td>13912345678</td><td>450</td></tr></table>"""


def dibao_pdf():
    from weasyprint import HTML

    return HTML(string=LIST).write_pdf()


@pytest.fixture
def ready(make_item, people, settings, tmp_path, monkeypatch):
    """An item at the OGI office's review, with the attachments given."""
    settings.MEDIA_ROOT = tmp_path
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path / "ocr"))

    def make(*files):
        item = make_item(title="高沙窝镇2026年城乡低保对象名单公示")
        for name, data in files:
            s.item_attach(actor=people["bob"], item=item, upload=SimpleUploadedFile(name, data))
        s.item_submit(actor=people["bob"], item=item)
        s.item_approve_unit(actor=people["heidi"], item=item)
        return s.item_approve_leader(actor=people["carol"], item=item)

    return make


def test_a_pdf_dibao_list_with_an_id_number_in_a_run_together_row_is_stopped(ready, people):
    data = dibao_pdf()
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        assert f"张某某{ID}13912345678450" in pdf.pages[0].extract_text()
    item = ready(("低保名单.pdf", data))
    with pytest.raises(s.PersonalDataFound) as caught:
        s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    message = str(caught.value)
    assert "身份证号码 1 处（640***********1236，附件“低保名单.pdf”第 1 页）" in message
    assert "手机号码 1 处（139****5678，附件“低保名单.pdf”第 1 页）" in message
    item.refresh_from_db()
    assert item.state == Item.State.OGI_REVIEW


def test_an_xlsx_list_is_read_too(ready, people):
    book = openpyxl.Workbook()
    book.active.append(["姓名", "身份证号", "金额"])
    book.active.append(["李某某", ID, 450])
    out = io.BytesIO()
    book.save(out)
    item = ready(("名单.xlsx", out.getvalue()))
    findings = s.personal_data_in(item)
    assert [(f.kind, f.where) for f in findings] == [("id_number", "附件“名单.xlsx”")]


def test_a_scanned_list_is_read_by_ocr(ready, people):
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "list.pdf").write_bytes(dibao_pdf())
        subprocess.run(
            ["pdftoppm", "-r", "200", "-gray", "-png", "-singlefile", f"{tmp}/list.pdf", f"{tmp}/scan"],
            check=True,
            timeout=120,
        )
        png = (Path(tmp) / "scan.png").read_bytes()
    item = ready(("名单扫描件.png", png))
    attachment = item.attachments.get()
    assert attachment.text_problem == "" and ID in attachment.text
    assert ("id_number", "附件“名单扫描件.png”") in [(f.kind, f.where) for f in s.personal_data_in(item)]


def test_an_attachment_that_cannot_be_read_must_be_confirmed_by_a_person(ready, people):
    item = ready(("名单.pdf", b"%PDF-1.4\n" + b"\x00garbage" * 100))
    attachment = item.attachments.get()
    assert attachment.text_problem
    with pytest.raises(s.PersonalDataFound) as caught:
        s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    assert "附件“名单.pdf”的文字无法读取" in str(caught.value) and "人工核对" in str(caught.value)
    item = s.item_publish(
        actor=people["alice"], item=item, secrecy=ALL_CLEAR, personal_data_reason="已人工核对，无个人信息"
    )
    assert item.state == Item.State.PUBLISHED
    assert item.events.get(verb="publish").after["attachments_unread"] == ["名单.pdf"]
