"""`gongkai check --deploy`: production keeps its own keys for the encrypted personal data."""

from django.conf import settings
from django.core.checks import Tags, Warning, register


@register(Tags.security, deploy=True)
def encryption_keys(app_configs, **kwargs):
    missing = [name for name in ("FIELD_ENCRYPTION_KEYS", "FIELD_HASH_KEY") if not getattr(settings, name)]
    if not missing:
        return []
    return [
        Warning(
            f"{' and '.join(missing)} not set: applicants' ID and phone numbers are encrypted with keys "
            "derived from SECRET_KEY, so changing SECRET_KEY would make them unreadable.",
            hint="Set FIELD_ENCRYPTION_KEYS (a Fernet key) and FIELD_HASH_KEY (a long random string); see README.",
            id="gongkai.W001",
        )
    ]
