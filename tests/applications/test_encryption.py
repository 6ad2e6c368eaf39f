"""Applicants' ID and phone numbers are not in the database in the clear, keys rotate, and the
same applicant is still recognised."""

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from gongkai.applications.models import Application

from .conftest import VALID_ID

# Cases received on 28 September 2026 (the register fixture), told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]


def _raw(case, column):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM applications_application WHERE id = %s", [case.pk])
        return cursor.fetchone()[0]


def test_numbers_are_stored_encrypted(register):
    case = register()
    for column, plain in (("id_number", VALID_ID), ("phone", "13912345678")):
        raw = _raw(case, column)
        assert raw.startswith("enc1:") and plain not in raw
    assert VALID_ID not in _raw(case, "applicant_key")
    fresh = Application.objects.get(pk=case.pk)
    assert fresh.id_number == VALID_ID and fresh.phone == "13912345678"


def test_keys_rotate_without_losing_a_number(register, settings):
    old = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [old]
    case = register()
    before = _raw(case, "id_number")
    new = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new, old]
    call_command("rotate_keys", verbosity=0)
    assert _raw(case, "id_number") != before
    settings.FIELD_ENCRYPTION_KEYS = [new]  # the old key is gone: every value still reads
    assert Application.objects.get(pk=case.pk).id_number == VALID_ID


def test_a_removed_key_that_is_still_needed_is_said_plainly(register, settings):
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    case = register()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="rotate_keys"):
        Application.objects.get(pk=case.pk)


def test_the_same_applicant_is_recognised_by_a_keyed_hash(register):
    first, second = register(), register()
    assert first.applicant_key == second.applicant_key and len(first.applicant_key) == 64


def test_the_migration_encrypts_numbers_stored_in_the_clear(register):
    from importlib import import_module

    from django.apps import apps

    case = register()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE applications_application SET id_number = %s, phone = %s, applicant_key = %s WHERE id = %s",
            [VALID_ID, "13912345678", f"resident:{VALID_ID}", case.pk],
        )
    migration = import_module("gongkai.applications.migrations.0005_encrypt_personal_data")
    migration.encrypt_existing(apps, None)
    assert _raw(case, "id_number").startswith("enc1:") and _raw(case, "phone").startswith("enc1:")
    assert _raw(case, "applicant_key") == register().applicant_key
    assert Application.objects.get(pk=case.pk).id_number == VALID_ID
