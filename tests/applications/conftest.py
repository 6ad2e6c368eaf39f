from datetime import date

import pytest


VALID_ID = "64032319900101123X"
VALID_CREDIT_CODE = "91350100M000100Y43"


def applicant(**overrides):
    fields = {
        "applicant_type": "natural",
        "name": "马文华",
        "id_type": "resident",
        "id_number": VALID_ID,
        "phone": "13912345678",
        "email": "ma@example.org",
        "address": "宁夏盐池县高沙窝镇长流墩村",
        "info_name": "2026年高沙窝镇农村低保对象名单",
        "info_description": "2026年第三季度长流墩村低保对象名单及补助标准",
        "delivery": "email",
    }
    fields.update(overrides)
    return fields


@pytest.fixture
def register(people, gaoshawo):
    """Alice enters a paper application handed in on a given day."""
    from gongkai.applications.services import application_register

    def make(received_on=date(2026, 9, 28), channel="in_person", **overrides):
        return application_register(
            agency=gaoshawo,
            actor=people["alice"],
            fields=applicant(**overrides),
            channel=channel,
            received_on=received_on,
        )

    return make


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded attachments go to a temporary folder, not the development data folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"


@pytest.fixture(autouse=True)
def sms_inbox():
    """Each test reads only the text messages sent during it (tests/applications/inbox.py)."""
    from .inbox import SMS

    SMS.clear()
    yield SMS
