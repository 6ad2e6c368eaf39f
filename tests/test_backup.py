"""`gongkai backup` / `gongkai restore`: a deployment taken while it runs and brought back into an
empty database gives every agency's every report byte for byte, on SQLite and on PostgreSQL.

The data is the whole demo deployment (four agencies, published and draft reports, uploads):
this test is about a deployment as a county runs it, so it loads one."""

import hashlib
import json
import os
import subprocess
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from gongkai.accounts.models import Agency
from gongkai.backup import MANIFEST, backup
from gongkai.reports.models import ReportVersion
from tests.clock import python_at

ROOT = Path(__file__).resolve().parent.parent
YEARS = range(2019, 2026)

# Run in a fresh process against the restored deployment: every agency's computed report for every
# year, and every published version's frozen JSON.
EXPORT = """
import json, django
django.setup()
from tests.test_backup import _exports
print(json.dumps(_exports(), sort_keys=True))
"""


def _exports():
    """Every agency's computed report for every year, and every published version's frozen
    JSON, DOCX and PDF (as checksums)."""
    from gongkai.reports import selectors

    out = {}
    for agency in Agency.objects.order_by("slug"):
        for year in YEARS:
            out[f"{agency.slug}/{year}"] = selectors.export(agency=agency, year=year).to_json()
    for version in ReportVersion.objects.select_related("report__agency").order_by("pk"):
        key = f"published/{version.report.agency.slug}/{version.report.year}/{version.number}"
        out[key] = json.dumps(version.data, sort_keys=True)
        for kind in ("docx", "pdf", "source_file"):
            out[f"{key}/{kind}"] = hashlib.sha256(bytes(getattr(version, kind))).hexdigest()
    return out


def _uploads(settings):
    """Files as the site keeps them: a published item's attachment, an applicant's ID copy."""
    for root, name, data in (
        (settings.MEDIA_ROOT, "items/2025/低保名单.pdf", b"%PDF-1.4 public"),
        (settings.PRIVATE_MEDIA_ROOT, "applications/2025/身份证.jpg", b"\xff\xd8 private"),
    ):
        path = Path(root) / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.fixture
def uploads(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


def _empty_database_url(tmp_path):
    """A new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{tmp_path / 'restored.sqlite3'}", None
    import psycopg

    db = connection.settings_dict
    name = f"gongkai_restore_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(
        dbname="postgres",
        host=db["HOST"],
        port=db["PORT"] or None,
        user=db["USER"],
        password=db["PASSWORD"] or None,
        autocommit=True,
    ) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    host = quote(db["HOST"] or "localhost", safe="")
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{db['USER']}@{host}{port}/{name}", name


def _drop(name):
    if name:
        import psycopg

        db = connection.settings_dict
        with psycopg.connect(
            dbname="postgres", host=db["HOST"], port=db["PORT"] or None, user=db["USER"], autocommit=True
        ) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _in_restored(url, tmp_path, *args):
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "MEDIA_ROOT": str(tmp_path / "r-media"),
        "PRIVATE_MEDIA_ROOT": str(tmp_path / "r-private"),
        "DATA_DIR": str(tmp_path / "r-data"),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return subprocess.run(python_at(*args), cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.django_db(transaction=True)
def test_a_restored_backup_gives_every_report_byte_for_byte(uploads, demo, settings, tmp_path):
    _uploads(settings)
    before = _exports()
    assert any(k.startswith("published/") for k in before)
    call_command("backup", str(tmp_path / "bk"))
    manifest = json.loads((tmp_path / "bk" / MANIFEST).read_text())
    assert {"media/items/2025/低保名单.pdf", "private/applications/2025/身份证.jpg"} <= set(manifest["files"])

    url, name = _empty_database_url(tmp_path)
    try:
        r = _in_restored(url, tmp_path, "manage.py", "restore", str(tmp_path / "bk"))
        assert r.returncode == 0, r.stderr
        assert "校验无误" in r.stdout
        r = _in_restored(url, tmp_path, "-c", EXPORT % {"years": list(YEARS)})
        assert r.returncode == 0, r.stderr
        after = json.loads(r.stdout)
        assert after == before
        for theirs, ours in (("r-media", "media"), ("r-private", "private")):
            restored = {
                p.relative_to(tmp_path / theirs): p.read_bytes() for p in (tmp_path / theirs).rglob("*") if p.is_file()
            }
            original = {
                p.relative_to(tmp_path / ours): p.read_bytes() for p in (tmp_path / ours).rglob("*") if p.is_file()
            }
            assert restored == original
        # A second restore into the now full database is refused, and changes nothing.
        r = _in_restored(url, tmp_path, "manage.py", "restore", str(tmp_path / "bk"))
        assert r.returncode != 0 and "不是空的" in r.stderr
    finally:
        _drop(name)


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_is_written(uploads, tmp_path):
    backup(tmp_path / "bk")
    manifest = json.loads((tmp_path / "bk" / MANIFEST).read_text())
    damaged = tmp_path / "bk" / next(iter(manifest["files"]))
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"x")
    with pytest.raises(CommandError, match="已损坏"):
        call_command("restore", str(tmp_path / "bk"))


@pytest.mark.django_db(transaction=True)
def test_an_interrupted_backup_is_not_taken_for_a_backup(uploads, tmp_path):
    backup(tmp_path / "bk")
    (tmp_path / "bk" / MANIFEST).unlink()
    with pytest.raises(CommandError, match="不是完整的备份"):
        call_command("restore", str(tmp_path / "bk"))


@pytest.mark.django_db(transaction=True)
def test_a_backup_never_writes_into_a_used_folder(uploads, tmp_path):
    (tmp_path / "bk").mkdir()
    (tmp_path / "bk" / "other.txt").write_text("x")
    with pytest.raises(CommandError, match="不是空的"):
        call_command("backup", str(tmp_path / "bk"))


def test_a_backup_refuses_when_the_files_are_in_object_storage(uploads, tmp_path, settings, db):
    settings.S3_BUCKET = "gongkai"
    with pytest.raises(CommandError, match="对象存储"):
        call_command("backup", str(tmp_path / "bk"))
    assert not (tmp_path / "bk").exists()
