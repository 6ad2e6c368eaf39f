"""Staff download the files an applicant handed in; nobody else reaches them."""

from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from gongkai.applications.models import Application

from .test_views import PNG, form_data

# The dates below were counted by hand on the 2026 calendar (国庆节, 调休): the story is told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]
PDF = b"%PDF-1.4\n" + b"0" * 64


@pytest.fixture
def submitted(gaoshawo):
    """Someone applies online to 高沙窝镇 with a scan of their ID card and a PDF."""
    Client().post(
        "/apply/gaoshawo/",
        {
            **form_data(),
            "attachments": [
                SimpleUploadedFile("身份证 扫描件.png", PNG, "image/png"),
                SimpleUploadedFile("申请说明.pdf", PDF, "application/pdf"),
            ],
        },
    )
    return Application.objects.get()


def url(case, attachment):
    return reverse("applications:attachment", args=[case.pk, attachment.pk])


def test_alice_downloads_an_attachment_from_the_case_page(client, people, submitted):
    scan = submitted.attachments.get(original_name="身份证 扫描件.png")
    client.force_login(people["alice"])
    page = client.get(reverse("applications:case", args=[submitted.pk])).content.decode()
    assert url(submitted, scan) in page
    r = client.get(url(submitted, scan))
    assert r.status_code == 200 and b"".join(r.streaming_content) == PNG
    assert r["Content-Type"] == "image/png" and r["X-Content-Type-Options"] == "nosniff"
    assert r["Content-Disposition"].startswith("attachment;")
    assert f"filename*=UTF-8''{quote('身份证 扫描件.png')}" in r["Content-Disposition"]


def test_a_file_without_a_stored_type_is_sniffed_again(client, people, submitted):
    pdf = submitted.attachments.get(original_name="申请说明.pdf")
    pdf.content_type = ""
    pdf.save()
    client.force_login(people["alice"])
    assert client.get(url(submitted, pdf))["Content-Type"] == "application/pdf"


def test_dave_of_another_township_gets_403(client, people, submitted):
    client.force_login(people["dave"])
    assert client.get(url(submitted, submitted.attachments.first())).status_code == 403


def test_henry_and_erin_who_do_not_see_personal_data_get_403(client, people, submitted):
    for who in ("henry", "erin"):
        client.force_login(people[who])
        assert client.get(url(submitted, submitted.attachments.first())).status_code == 403, who


def test_the_public_is_sent_to_the_login_page(client, submitted):
    r = client.get(url(submitted, submitted.attachments.first()))
    assert r.status_code == 302 and r["Location"].startswith(reverse("login"))


def test_an_attachment_of_another_case_is_not_found(client, people, submitted, register):
    other = register()
    client.force_login(people["alice"])
    assert client.get(url(other, submitted.attachments.first())).status_code == 404


def test_attachments_are_kept_outside_the_served_media_folder(settings, submitted):
    stored = submitted.attachments.first().file
    path = stored.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    with pytest.raises(ValueError):
        stored.url


def test_the_migration_moves_files_uploaded_before_out_of_media(settings, submitted):
    """Attachments saved under MEDIA_ROOT by an older version move to PRIVATE_MEDIA_ROOT."""
    import importlib
    from pathlib import Path

    from django.apps import apps

    migration = importlib.import_module("gongkai.applications.migrations.0003_private_attachments")
    name = submitted.attachments.get(original_name="身份证 扫描件.png").file.name
    old, new = Path(settings.MEDIA_ROOT) / name, Path(settings.PRIVATE_MEDIA_ROOT) / name
    old.parent.mkdir(parents=True)
    new.rename(old)
    migration.to_private(apps, None)
    assert new.read_bytes() == PNG and not old.exists()
