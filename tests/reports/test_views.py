import io
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse

from gongkai.reports import services

pytestmark = pytest.mark.django_db
CORPUS = Path("tests/fixtures/corpus")


def test_alice_drills_down_from_192_penalty_decisions_to_the_monthly_tallies(client, people, seed):
    client.force_login(people["alice"])
    url = reverse("reports:cell", args=["gaoshawo", 2020, "20.6", "penalty", "decisions"])
    body = client.get(url).content.decode()
    assert 'id="cell-value">192<' in body
    import re

    tallies = re.findall(r"<li>2020-(\d\d) 行政处罚 (\d+)</li>", body)
    assert len(tallies) == 12
    assert sum(int(n) for _, n in tallies) == 192


def test_dave_cannot_see_gaoshawos_report_pages(client, people, published_2025):
    client.force_login(people["dave"])
    assert client.get(reverse("reports:staff-detail", args=["gaoshawo", 2025])).status_code == 403
    assert client.get(reverse("reports:cell", args=["gaoshawo", 2025, "appeals", "review", "total"])).status_code == 403


def test_an_unknown_cell_is_a_clear_404(client, people):
    client.force_login(people["alice"])
    r = client.get(reverse("reports:cell", args=["gaoshawo", 2020, "20.9", "procurement", "nonsense"]))
    assert r.status_code == 404


def test_the_draft_page_shows_findings_overrides_and_the_counting_rule(client, people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    client.force_login(people["alice"])
    url = reverse("reports:override", args=["gaoshawo", 2026, "appeals", "review", "upheld"])
    r = client.post(url, {"value": "1", "reason": ""})
    assert "修改单元格必须写明理由" in r.content.decode()
    client.post(url, {"value": "1", "reason": "纸质台账另有一件"})
    body = client.get(reverse("reports:staff-detail", args=["gaoshawo", 2026])).content.decode()
    assert "纸质台账另有一件" in body and "[R4]" in body and "按受理（立案）日期统计" in body
    r = client.post(reverse("reports:submit", args=["gaoshawo", 2026]), follow=True)
    assert "校验错误，不能提交审批" in r.content.decode()
    report.refresh_from_db()
    assert report.status == "draft"


def test_the_public_never_sees_a_draft(client, people, gaoshawo):
    services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    for name in ("public-detail", "public-docx", "public-pdf", "public-json"):
        assert client.get(reverse(f"reports:{name}", args=["gaoshawo", 2026])).status_code == 404


def test_the_published_report_downloads_contain_the_tables(client, people, published_2025, tmp_path):
    import docx

    body = client.get(reverse("reports:public-detail", args=["gaoshawo", 2025])).content.decode()
    assert "高沙窝镇人民政府 2025 年政府信息公开工作年度报告" in body and "2026-01-20" in body
    r = client.get(reverse("reports:public-docx", args=["gaoshawo", 2025]))
    document = docx.Document(io.BytesIO(r.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "行政处罚" in cells and "结果维持" in cells
    r = client.get(reverse("reports:public-pdf", args=["gaoshawo", 2025]))
    (tmp_path / "r.pdf").write_bytes(r.content)
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "本年新收政府信息公开申请数量" in text and "行政复议" in text
    data = client.get(reverse("reports:public-json", args=["gaoshawo", 2025])).json()
    assert data["format"] == "2021" and data["tables"]["appeals"]["review"]["total"] == 0
    assert "2025" in client.get(reverse("reports:public-list", args=["gaoshawo"])).content.decode()


def test_erin_sees_every_township_on_the_roll_up_and_downloads_excel(client, people, published_2025, dashuikeng):
    import openpyxl

    draft = services.report_start(agency=dashuikeng, actor=people["dave"], year=2025)
    services.report_submit(report=draft, actor=people["dave"])
    client.force_login(people["erin"])
    body = client.get(reverse("reports:supervise"), {"year": 2025}).content.decode()
    assert "高沙窝镇人民政府" in body and "大水坑镇人民政府" in body and "王乐井乡人民政府" in body
    assert "已发布" in body and "逾期" in body
    r = client.get(reverse("reports:supervise-xlsx"), {"year": 2025})
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    statuses = {row[0]: row[1] for row in wb["报告状态"].iter_rows(min_row=2, values_only=True)}
    assert statuses["高沙窝镇人民政府"] == "已发布"
    assert statuses["王乐井乡人民政府"] == "逾期"  # nothing published by 31 January 2026
    appeals = wb["appeals 政府信息公开行政复议、行政诉讼情况"]
    by_agency = {row[0]: row[1:] for row in appeals.iter_rows(min_row=4, values_only=True)}
    assert by_agency["合计"][4] == 0 and "高沙窝镇人民政府" in by_agency


def test_alice_may_not_open_the_roll_up(client, people):
    client.force_login(people["alice"])
    assert client.get(reverse("reports:supervise")).status_code == 403


def test_the_year_over_year_page_lists_every_shared_cell(client, people, published_2025, gaoshawo):
    services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    client.force_login(people["alice"])
    body = client.get(reverse("reports:compare", args=["gaoshawo", 2026])).content.decode()
    assert "第二十条第（六）项 · 行政处罚" in body


def test_henry_sees_the_report_waiting_in_his_todo(client, people, gaoshawo):
    report = services.report_start(agency=gaoshawo, actor=people["alice"], year=2026)
    services.report_submit(report=report, actor=people["alice"])
    client.force_login(people["henry"])
    assert "2026 年度报告待审批" in client.get(reverse("staff-home")).content.decode()


def test_erin_finds_the_roll_up_from_the_reports_menu(client, people):
    client.force_login(people["erin"])
    body = client.get(reverse("reports:staff-index")).content.decode()
    assert reverse("reports:supervise") in body and "高沙窝镇人民政府" in body
    client.force_login(people["alice"])
    assert client.get(reverse("reports:staff-index"))["Location"] == reverse("reports:staff-list", args=["gaoshawo"])


def test_alice_imports_a_past_report_and_starts_this_years_draft_from_the_list(client, people):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(people["alice"])
    url = reverse("reports:import", args=["gaoshawo"])
    bad = SimpleUploadedFile("empty.txt", b"   ")
    r = client.post(url, {"year": 2020, "file": bad}, follow=True)
    assert "文件为空" in r.content.decode()
    good = SimpleUploadedFile("gaoshawo-2020.txt", (CORPUS / "gaoshawo-2020.txt").read_bytes())
    r = client.post(url, {"year": 2020, "file": good}, follow=True)
    assert "已导入 2020 年度报告" in r.content.decode() and "导入已发布的报告" in r.content.decode()
    r = client.post(reverse("reports:start", args=["gaoshawo"]), {"year": 2026}, follow=True)
    assert "已开始起草 2026 年度报告" in r.content.decode()
    r = client.post(reverse("reports:start", args=["gaoshawo"]), {"year": 2026}, follow=True)
    assert "2026 年度报告已存在" in r.content.decode()
