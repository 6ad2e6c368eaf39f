"""The read-only API of published annual reports: the frozen JSON of LAW.md "Codes", never a draft."""

LAW_KEYS = {"format", "year", "agency", "tables", "findings"}


def test_it_lists_the_published_years_of_gaoshawo_with_their_links(client, reports):
    listing = client.get("/api/agencies/gaoshawo/reports").json()
    assert [r["year"] for r in listing] == [2025]  # 2026 is still a draft
    (entry,) = listing
    assert entry["version"] == 1 and entry["format"] == "2021" and entry["published_on"] == "2026-01-20"
    assert entry["corrected"] is False
    assert entry["links"]["html"] == "/reports/gaoshawo/2025/?version=1"
    assert entry["links"]["docx"] == "/reports/gaoshawo/2025.docx?version=1"
    assert entry["links"]["pdf"] == "/reports/gaoshawo/2025.pdf?version=1"
    assert entry["links"]["api"] == "/api/agencies/gaoshawo/reports/2025?version=1"
    assert client.get("/api/agencies/dashuikeng/reports").json() == []  # submitted, not approved


def test_it_returns_the_published_2025_report_in_the_law_codes_form(client, reports):
    from gongkai.reports.models import ReportVersion

    response = client.get("/api/agencies/gaoshawo/reports/2025")
    assert response.status_code == 200
    report = response.json()
    assert set(report) == LAW_KEYS
    assert report["format"] == "2021" and report["year"] == 2025 and report["agency"] == "高沙窝镇人民政府"
    frozen = ReportVersion.objects.get(report__agency__slug="gaoshawo", report__year=2025).data
    assert report["tables"] == frozen["tables"]
    assert set(report["tables"]) == {"20.1", "20.5", "20.6", "20.8", "applications", "appeals"}
    assert set(report["tables"]["applications"]["new"]) == {
        "natural",
        "commercial",
        "research",
        "social",
        "legal",
        "other",
        "total",
    }
    assert all(isinstance(f["rule"], str) for f in report["findings"])
    assert client.get("/api/agencies/gaoshawo/reports/2025", {"version": 1}).json() == report


def test_a_draft_or_unpublished_report_is_404_in_the_api(client, reports):
    assert client.get("/api/agencies/gaoshawo/reports/2026").status_code == 404  # 起草中
    assert client.get("/api/agencies/dashuikeng/reports/2025").status_code == 404  # 待审批
    assert client.get("/api/agencies/wanglejing/reports/2025").status_code == 404  # none
    assert client.get("/api/agencies/gaoshawo/reports/2025", {"version": 2}).status_code == 404
    assert client.get("/api/agencies/gaoshawo/reports/99999").status_code == 404
    assert client.get("/api/agencies/nowhere/reports").status_code == 404


def test_a_report_under_correction_keeps_its_published_version_in_the_api(client, reports, people):
    from gongkai.reports import services
    from gongkai.reports.models import AnnualReport

    report = AnnualReport.objects.get(agency__slug="gaoshawo", year=2025)
    before = client.get("/api/agencies/gaoshawo/reports/2025").json()
    services.report_correction_start(report=report, actor=people["alice"], note="更正第三部分的数字。")
    services.report_save_texts(report=report, actor=people["alice"], overview="草稿中的新文字", problems="", other="")
    assert client.get("/api/agencies/gaoshawo/reports/2025").json() == before
    assert [r["version"] for r in client.get("/api/agencies/gaoshawo/reports").json()] == [1]


def test_openapi_lists_the_report_paths(client, people):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert "/api/agencies/{slug}/reports" in paths
    assert "/api/agencies/{slug}/reports/{year}" in paths
    schema = paths["/api/agencies/{slug}/reports/{year}"]["get"]
    assert "200" in schema["responses"]
