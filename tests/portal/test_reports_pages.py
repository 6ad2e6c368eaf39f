"""The 政府信息公开年报 entry of an agency's column: reachable from the column and the home page,
each published year with its HTML page and DOCX / PDF downloads, drafts nowhere."""

import re


def test_the_column_menu_leads_to_the_published_reports_of_gaoshawo(client, reports):
    column = client.get("/gk/gaoshawo/").content.decode()
    assert re.search(r'<a href="/reports/gaoshawo/"[^>]*>政府信息公开年报</a>', column)
    listing = client.get("/reports/gaoshawo/")
    assert listing.status_code == 200
    page = listing.content.decode()
    assert 'class="column-menu"' in page  # the list sits inside the agency's column
    assert re.search(r'<a href="/reports/gaoshawo/"[^>]*aria-current="page"[^>]*>政府信息公开年报</a>', page)
    assert 'href="/reports/gaoshawo/2025/"' in page
    assert 'href="/reports/gaoshawo/2025.docx?version=1"' in page
    assert 'href="/reports/gaoshawo/2025.pdf?version=1"' in page
    assert "2026-01-20" in page
    assert "/reports/gaoshawo/2026" not in page  # the 2026 draft is not public


def test_the_home_page_links_every_agency_to_its_reports(client, reports):
    home = client.get("/").content.decode()
    for slug in ("gaoshawo", "dashuikeng", "wanglejing", "yanchi"):
        assert f'href="/reports/{slug}/"' in home


def test_an_agency_without_a_published_report_says_so(client, reports):
    page = client.get("/reports/dashuikeng/").content.decode()
    assert "尚未发布年度报告" in page and "/reports/dashuikeng/2025" not in page
    assert client.get("/reports/dashuikeng/2025/").status_code == 404


def test_the_report_page_sits_in_the_column_with_its_downloads(client, reports):
    page = client.get("/reports/gaoshawo/2025/").content.decode()
    assert 'class="column-menu"' in page
    assert 'href="/reports/gaoshawo/"' in page and "三、收到和处理政府信息公开申请情况" in page
    assert client.get("/reports/gaoshawo/2025.docx").status_code == 200
    assert client.get("/reports/gaoshawo/2025.pdf")["Content-Type"] == "application/pdf"
