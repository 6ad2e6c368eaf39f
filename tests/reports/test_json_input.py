"""Report JSON through the web: the shapes that once crashed the importer and the bulk check get
a clear message, and a published report's JSON is the same bytes on every database."""

import io
import json
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.core.report.parse import parse_bytes
from gongkai.reports.models import AnnualReport
from tests.worker import run_worker

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"

CRASHING = [
    ({"provenance": "page 3"}, "provenance 应为对象"),
    ({"headings": {"overview": ["一、总体情况"]}}, "headings/overview 应为字符串"),
    ({"sections": None}, "sections 应为对象"),
]


def shape(change) -> bytes:
    data = json.loads(parse_bytes((CORPUS / "shuyang-fgj-2023.txt").read_bytes(), "r.txt").to_json())
    data.update(change)
    return json.dumps(data, ensure_ascii=False).encode()


@pytest.mark.parametrize("change,message", CRASHING)
def test_alice_importing_a_broken_report_json_is_told_what_is_wrong(client, people, change, message):
    client.force_login(people["alice"])
    upload = SimpleUploadedFile("2023.json", shape({**change, "year": 2023}))
    r = client.post(reverse("reports:import", args=["gaoshawo"]), {"year": 2023, "file": upload}, follow=True)
    assert r.status_code == 200
    assert message in r.content.decode()
    assert not AnnualReport.objects.filter(agency__slug="gaoshawo", year=2023).exists()


@pytest.mark.django_db(transaction=True)
def test_erin_bulk_checking_broken_report_jsons_sees_each_message(client, people, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    files = []
    for k, (change, _) in enumerate(CRASHING):
        f = io.BytesIO(shape(change))
        f.name = f"broken-{k}.json"
        files.append(f)
    client.force_login(people["erin"])
    r = client.post(reverse("reports:bulk-check"), {"files": files})
    assert r.status_code == 302
    run_worker()
    body = client.get(r["Location"]).content.decode()
    for k, (_, message) in enumerate(CRASHING):
        assert f"broken-{k}.json" in body and message in body


def test_the_published_json_is_canonical_bytes(client, published_2025):
    body = client.get(reverse("reports:public-json", args=["gaoshawo", 2025])).content.decode()
    data = json.loads(body)
    assert list(data) == sorted(data)
    assert list(data["tables"]["applications"]["new"]) == sorted(data["tables"]["applications"]["new"])
    # the same bytes as the core writes for the frozen report, whatever order the database keeps
    from gongkai.core.report.model import Report

    assert body == Report.from_dict(data).to_json()
    api = client.get("/api/agencies/gaoshawo/reports/2025").json()
    assert list(api["tables"]) == sorted(api["tables"])
