"""Backup and restore of a whole deployment: the database and the uploaded files.

A backup is a folder: the database (SQLite's online backup API, or `pg_dump` in its custom
format: each a consistent snapshot taken while the site runs), then the public and the private
uploads, then `manifest.json` with the size and SHA-256 of every file. The manifest is written
last, so a folder without one is an interrupted backup. Files are copied after the database
snapshot, so every file the snapshot refers to is there.

A restore checks every checksum before it touches anything, and goes only into an empty database
and empty upload folders: it never merges into, or overwrites, a live deployment.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

MANIFEST = "manifest.json"
SQLITE_FILE = "db.sqlite3"
PG_FILE = "db.dump"
FOLDERS = {"media": "MEDIA_ROOT", "private": "PRIVATE_MEDIA_ROOT"}
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to fix."""


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _pg_env():
    db = connection.settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(args):
    try:
        subprocess.run(args, env=_pg_env(), check=True, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupError(
            _("找不到 %(cmd)s：请安装 PostgreSQL 客户端（Debian：postgresql-client）") % {"cmd": args[0]}
        ) from exc
    except subprocess.CalledProcessError as exc:
        raise BackupError(_("%(cmd)s 失败：%(err)s") % {"cmd": args[0], "err": exc.stderr.strip()[-2000:]}) from exc


def _dump_database(dest):
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        target = sqlite3.connect(dest / SQLITE_FILE)
        try:
            connection.connection.backup(target)
        finally:
            target.close()
        return SQLITE_FILE
    if connection.vendor == "postgresql":
        _run(
            [
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={dest / PG_FILE}",
                connection.settings_dict["NAME"],
            ]
        )
        return PG_FILE
    raise BackupError(_("不支持的数据库：%(vendor)s") % {"vendor": connection.vendor})


def _copy_uploads(dest):
    for name, setting in FOLDERS.items():
        source = Path(getattr(settings, setting))
        if source.is_dir():
            shutil.copytree(source, dest / name)


def _file_entries(dest):
    entries = {}
    for path in sorted(p for p in dest.rglob("*") if p.is_file() and p.name != MANIFEST):
        entries[path.relative_to(dest).as_posix()] = {"size": path.stat().st_size, "sha256": _sha256(path)}
    return entries


def _applied_migrations():
    return sorted(f"{app}.{name}" for app, name in MigrationRecorder(connection).applied_migrations())


def backup(dest):
    """Write a backup of this deployment into the new or empty folder `dest`; return the manifest."""
    if settings.S3_BUCKET:  # the files are not in this machine's folders: a backup here would miss them
        raise BackupError(
            _(
                "上传文件存放在对象存储（S3_BUCKET=%(bucket)s）中，本命令只能备份本机目录中的文件：请用 pg_dump 备份数据库，用对象存储的版本控制或复制功能备份存储桶"
            )
            % {"bucket": settings.S3_BUCKET}
        )
    dest = Path(dest)
    if dest.exists() and any(dest.iterdir()):
        raise BackupError(_("备份目录 %(dir)s 不是空的：请指定一个新目录") % {"dir": dest})
    dest.mkdir(parents=True, exist_ok=True)
    database_file = _dump_database(dest)
    _copy_uploads(dest)
    manifest = {
        "format": 1,
        "created_at": timezone.now().isoformat(),
        "database": connection.vendor,
        "database_file": database_file,
        "migrations": _applied_migrations(),
        "files": _file_entries(dest),
    }
    partial = dest / (MANIFEST + ".part")
    partial.write_text(json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    partial.replace(dest / MANIFEST)
    return manifest


def read_manifest(source):
    path = Path(source) / MANIFEST
    if not path.is_file():
        raise BackupError(_("%(dir)s 中没有 manifest.json：这不是完整的备份（可能备份中途中断）") % {"dir": source})
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BackupError(_("manifest.json 无法读取：%(err)s") % {"err": exc}) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != 1 or not isinstance(manifest.get("files"), dict):
        raise BackupError(_("manifest.json 的格式不认识（需要 format 1）"))
    return manifest


def verify(source, manifest):
    """The files of the backup whose size or checksum differ from the manifest (empty when intact)."""
    source = Path(source).resolve()
    bad = []
    for name, entry in manifest["files"].items():
        path = (source / name).resolve()
        if source not in path.parents or not path.is_file():
            bad.append(name)
        elif path.stat().st_size != entry.get("size") or _sha256(path) != entry.get("sha256"):
            bad.append(name)
    return bad


def _refuse_unless_empty(manifest):
    if manifest.get("database") != connection.vendor:
        raise BackupError(
            _("备份来自 %(theirs)s 数据库，当前配置的是 %(ours)s：只能恢复到同类数据库")
            % {"theirs": manifest.get("database"), "ours": connection.vendor}
        )
    tables = connection.introspection.table_names()
    if tables:
        raise BackupError(_("目标数据库不是空的（已有 %(n)s 个表）：请在新建的空数据库中恢复") % {"n": len(tables)})
    for setting in FOLDERS.values():
        folder = Path(getattr(settings, setting))
        if folder.is_dir() and any(folder.iterdir()):
            raise BackupError(_("上传文件目录 %(dir)s 不是空的：请恢复到空目录") % {"dir": folder})


def _load_database(source, manifest):
    name = manifest["database_file"]
    if connection.vendor == "sqlite":
        connection.close()
        backup_db = sqlite3.connect(source / name)
        target = sqlite3.connect(settings.DATABASES["default"]["NAME"])
        try:
            backup_db.backup(target)
        finally:
            target.close()
            backup_db.close()
    else:
        connection.close()
        _run(
            [
                "pg_restore",
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={connection.settings_dict['NAME']}",
                str(source / name),
            ]
        )


def restore(source):
    """Bring the backup in `source` back into the empty database and upload folders."""
    source = Path(source)
    manifest = read_manifest(source)
    bad = verify(source, manifest)
    if bad:
        raise BackupError(_("备份文件已损坏或缺失，未恢复任何内容：%(files)s") % {"files": "、".join(bad[:20])})
    _refuse_unless_empty(manifest)
    _load_database(source, manifest)
    for name, setting in FOLDERS.items():
        if (source / name).is_dir():
            shutil.copytree(source / name, Path(getattr(settings, setting)), dirs_exist_ok=True)
    # A backup from an older version gets the newer schema.
    call_command("migrate", verbosity=0, interactive=False)
    return manifest
