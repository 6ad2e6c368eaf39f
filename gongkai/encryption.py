"""Applicants' ID and phone numbers, encrypted at rest.

A stolen database file or dump shows `enc1:` tokens, not numbers. Values are encrypted with
Fernet (AES-128-CBC with HMAC-SHA256) under the keys in FIELD_ENCRYPTION_KEYS: the first key
encrypts, every key decrypts, so a key is rotated by putting a new one first, running
`gongkai rotate_keys`, then removing the old one. Encryption is randomised, so a number cannot
be looked up by its ciphertext; where the site must find "the same applicant" it compares a keyed
hash (HMAC-SHA256 under FIELD_HASH_KEY), which does not change when the encryption keys rotate.
"""

import base64
import hashlib
import hmac

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxLengthValidator
from django.db import models

PREFIX = "enc1:"


def _derived(purpose):
    """A development key derived from SECRET_KEY (production sets its own; see the system check)."""
    digest = hashlib.sha256(f"gongkai:{purpose}:{settings.SECRET_KEY}".encode()).digest()
    return base64.urlsafe_b64encode(digest)


def _fernet():
    keys = settings.FIELD_ENCRYPTION_KEYS or [_derived("field-encryption").decode()]
    try:
        return MultiFernet([Fernet(k.strip().encode()) for k in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS: each key must be a Fernet key (32 bytes, URL-safe base64); "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from exc


def encrypt(value):
    if not value:
        return value
    return PREFIX + _fernet().encrypt(value.encode()).decode()


def decrypt(value):
    if not value or not value.startswith(PREFIX):
        return value  # empty, or written before encryption (the migration encrypts those)
    try:
        return _fernet().decrypt(value[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ImproperlyConfigured(
            "An encrypted value cannot be decrypted with FIELD_ENCRYPTION_KEYS: a key that is still "
            "in use was removed. Put it back (after the new key) and run `gongkai rotate_keys`."
        ) from exc


def rotate(value):
    if not value or not value.startswith(PREFIX):
        return encrypt(value)
    return PREFIX + _fernet().rotate(value[len(PREFIX) :].encode()).decode()


def keyed_hash(value):
    """A stable, keyed digest of `value` for equality lookups (64 hex digits)."""
    key = (settings.FIELD_HASH_KEY or _derived("field-hash").decode()).encode()
    return hmac.new(key, value.encode(), hashlib.sha256).hexdigest()


class EncryptedCharField(models.TextField):
    """Text stored encrypted; Python code and forms see the plain value. `max_length` limits the
    plain value (the ciphertext is longer, hence a text column)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.max_length:
            self.validators.append(MaxLengthValidator(self.max_length))

    def from_db_value(self, value, expression, connection):
        return decrypt(value)

    def to_python(self, value):
        return decrypt(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None or value.startswith(PREFIX) else encrypt(value)

    def get_lookup(self, lookup_name):
        if lookup_name not in ("isnull",):
            raise ImproperlyConfigured(
                f"{self.name} is encrypted: look it up by its keyed hash, not by '{lookup_name}'"
            )
        return super().get_lookup(lookup_name)
