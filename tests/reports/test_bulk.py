"""The supervisor's bulk check runs in the task queue's real worker (django-tasks' db_worker, run
here in batch mode), shows progress per file, refuses hostile files with the limit they broke,
and gives an Excel of the findings; request bodies over the cap get 413."""

import io
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.urls import reverse

from tests.worker import run_worker

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "core"))
import hostile  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


def upload(name, data):
    f = io.BytesIO(data)
    f.name = name
    return f


@pytest.fixture
def private(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.mark.django_db(transaction=True)
def test_erin_checks_reports_and_hostile_files_in_the_background(client, people, private):
    reports = io.BytesIO()
    with zipfile.ZipFile(reports, "w") as z:
        z.writestr("hongze-2023.txt", (CORPUS / "hongze-district-2023.txt").read_bytes())
        z.writestr("broken.pdf", b"%PDF-1.4 not really")
        z.writestr("loop.pdf", hostile.length_loop_pdf())
        z.writestr("pages.pdf", hostile.many_pages_pdf(50_000))
        z.writestr("notes.json.bak", b"{}")
    client.force_login(people["erin"])
    response = client.post(
        reverse("reports:bulk-check"),
        {
            "files": [
                upload("reports.zip", reports.getvalue()),
                upload("bomb.zip", hostile.zip_bomb()),
                upload("paragraphs.docx", hostile.docx_with_paragraphs(2_000_000)),
                upload("gaoshawo-2020.txt", (CORPUS / "gaoshawo-2020.txt").read_bytes()),
            ]
        },
    )
    page = response["Location"]
    body = client.get(page).content.decode()
    assert "排队等待" in body and "已检查 1 / 8 个文件" in body and 'http-equiv="refresh"' in body

    run_worker()

    body = client.get(page).content.decode()
    assert "已完成" in body and "已检查 8 / 8 个文件" in body and 'http-equiv="refresh"' not in body
    assert "reports.zip/hongze-2023.txt" in body and "[R4]" in body
    assert "reports.zip/broken.pdf" in body
    assert "循环引用" in body
    assert "共 50000 页，超过每个文件 300 页的上限" in body
    assert "bomb.zip/报告.txt" in body and "疑似压缩炸弹" in body
    assert "paragraphs.docx" in body and "压缩比超过 100:1" in body
    assert "不是报告文件，未检查" in body
    assert "无法读取：无法读取" not in body and body.count("无法读取") >= 3
    assert not any(private.rglob("*.*")) and not [p for p in private.rglob("*") if p.is_file()]

    sheet = openpyxl.load_workbook(io.BytesIO(client.get(page.rstrip("/") + ".xlsx").content)).active
    rows = [[c.value for c in r] for r in sheet.iter_rows(min_row=2)]
    hongze = [r for r in rows if r[0] == "reports.zip/hongze-2023.txt"]
    assert len(hongze) >= 2 and {r[7] for r in hongze} >= {"R4"} and all(r[2] for r in hongze)
    assert any(r[0] == "bomb.zip/报告.txt" and r[1] == "无法读取" and "压缩" in r[10] for r in rows)
    assert any(r[0] == "gaoshawo-2020.txt" and r[1] == "已检查" for r in rows)


@pytest.mark.django_db(transaction=True)
def test_only_the_supervisor_who_ran_a_check_sees_it(client, people, private):
    client.force_login(people["erin"])
    page = client.post(
        reverse("reports:bulk-check"),
        {"files": [upload("gaoshawo-2020.txt", (CORPUS / "gaoshawo-2020.txt").read_bytes())]},
    )["Location"]
    run_worker()
    client.force_login(people["alice"])
    assert client.get(page).status_code == 403
    client.force_login(people["bob"])
    assert client.get(page).status_code in (403, 404)


def test_a_request_body_over_the_cap_is_refused_with_413(client, people, settings):
    settings.MAX_REQUEST_BYTES = 1000
    client.force_login(people["erin"])
    response = client.post(reverse("reports:bulk-check"), {"files": [upload("big.txt", b"x" * 5000)]})
    assert response.status_code == 413
    assert "提交的内容过大" in response.content.decode()


def _check_page(client, people, files):
    client.force_login(people["erin"])
    page = client.post(reverse("reports:bulk-check"), {"files": [upload(n, d) for n, d in files]})["Location"]
    run_worker()
    return client.get(page).content.decode(), page


def _run_together_huaian():
    """huaian 2024 with the rows of 三 printed as runs of digits: recovered where the sums allow,
    so some rows are read and some are not."""
    from material import run_together  # noqa: E402

    from gongkai.core.report import parse_file

    return run_together(parse_file(CORPUS / "huaian-city-2024.txt")).encode()


@pytest.mark.django_db(transaction=True)
def test_the_page_and_the_excel_say_how_many_cells_of_each_file_were_read(client, people, private):
    from gongkai.core.cli import cells_read
    from gongkai.core.report import parse_file
    from gongkai.core.report.parse import parse_text

    torn = _run_together_huaian()
    read, total = cells_read(parse_text(torn.decode()))
    assert read < total
    body, page = _check_page(
        client, people, [("gaoshawo-2020.txt", (CORPUS / "gaoshawo-2020.txt").read_bytes()), ("run-together.txt", torn)]
    )
    full = cells_read(parse_file(CORPUS / "gaoshawo-2020.txt"))
    assert f"读出 {full[0]} / {full[1]} 个单元格" in body
    assert f'cells-read overdue">读出 {read} / {total} 个单元格' in body
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(page.rstrip("/") + ".xlsx").content)).active
    assert sheet.cell(row=1, column=12).value == "读出单元格"
    cells = {r[0].value: r[11].value for r in sheet.iter_rows(min_row=2)}
    assert cells["run-together.txt"] == f"{read}/{total}"


@pytest.mark.django_db(transaction=True)
def test_a_batch_past_its_time_budget_lists_the_rest_as_not_checked(client, people, private, settings):
    settings.BULK_CHECK_SECONDS = 0  # the first file always runs; the budget is spent after it
    text = (CORPUS / "gaoshawo-2020.txt").read_bytes()
    body, _page = _check_page(client, people, [("a.txt", text), ("b.txt", text), ("c.txt", text)])
    assert "已完成" in body and "已检查 3 / 3 个文件" in body
    assert body.count("本批检查已用时超过 0 秒的总上限，这个文件未检查，请分批提交") == 2
    assert "本批文件超出了批量检查的总上限，其余 2 个文件未检查，请分批提交" in body


@pytest.mark.django_db(transaction=True)
def test_a_batch_past_its_page_budget_stops_after_the_file_that_spent_it(client, people, private, settings):
    from gongkai.core.report import parse_file
    from gongkai.core.report.render import render_pdf

    settings.BULK_CHECK_PAGES = 2
    printed = render_pdf(parse_file(CORPUS / "gaoshawo-2020.txt"))
    body, page = _check_page(
        client, people, [("报告.pdf", printed), ("b.txt", (CORPUS / "gaoshawo-2020.txt").read_bytes())]
    )
    assert "达到每批 2 页的总上限，这个文件未检查，请分批提交" in body
    sheet = openpyxl.load_workbook(io.BytesIO(client.get(page.rstrip("/") + ".xlsx").content)).active
    rows = {r[0].value: r[1].value for r in sheet.iter_rows(min_row=2)}
    assert rows["b.txt"] == "超出本批总上限，未检查" and rows["报告.pdf"] == "已检查"


@pytest.mark.django_db(transaction=True)
def test_a_spreadsheet_report_is_checked_in_a_batch(client, people, private):
    from material import spreadsheet  # noqa: E402

    from gongkai.core.report import parse_file

    body, _page = _check_page(client, people, [("年报.xlsx", spreadsheet(parse_file(CORPUS / "huaian-city-2024.txt")))])
    assert "淮安市人民政府" in body and "不是报告文件" not in body and "无法读取" not in body
