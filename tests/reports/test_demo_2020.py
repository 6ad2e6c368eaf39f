"""The demo publishes the seed report: on a fresh demo, /reports/gaoshawo/2020/ is public, approved
by the 镇长 with frozen DOCX and PDF, and its tables equal the seed's cell for cell."""

import io
import json
from pathlib import Path

import pytest

EXPECTED = Path(__file__).resolve().parents[1] / "fixtures/corpus/expected/gaoshawo-2020.json"

pytestmark = pytest.mark.django_db


def test_the_seed_report_is_public_and_equals_the_seed(client, demo):
    import docx

    page = client.get("/reports/gaoshawo/2020/")
    assert page.status_code == 200 and "2020 年政府信息公开工作年度报告" in page.content.decode()
    data = client.get("/api/agencies/gaoshawo/reports/2020").json()
    expected = json.loads(EXPECTED.read_text())
    for table, rows in expected["tables"].items():
        for row, cols in rows.items():
            for col, value in cols.items():
                want = 0 if value == "0|null" else value
                assert data["tables"][table][row][col] == want, f"{table}/{row}/{col}"
    assert "在县委、政府的正确领导下" in page.content.decode()  # the seed's own prose

    from gongkai.reports.models import AnnualReport

    version = AnnualReport.objects.get(agency__slug="gaoshawo", year=2020).versions.get()
    assert version.approved_by.username == "henry" and str(version.published_on) == "2021-01-20"
    document = docx.Document(io.BytesIO(client.get("/reports/gaoshawo/2020.docx").content))
    assert any(c.text == "行政处罚" for t in document.tables for r in t.rows for c in r.cells)
    assert client.get("/reports/gaoshawo/2020.pdf").content.startswith(b"%PDF")
