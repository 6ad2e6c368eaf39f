import io
from datetime import date

import pdfplumber
import pytest
from django.core.management import call_command

from gongkai.accounts.models import Agency, Region
from gongkai.disclosure import demo
from gongkai.disclosure.boards import board_sheet_pdf
from gongkai.disclosure.selectors import board_items

pytestmark = pytest.mark.django_db


@pytest.fixture
def changliudun(people):
    demo.load()
    return Region.objects.get(name="长流墩村")


def pdf_text(data):
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages), pdf.pages[0].width


def test_the_printed_board_sheet_is_a_pdf_with_the_titles(changliudun):
    data = board_sheet_pdf(village=changliudun, today=date(2026, 11, 26))
    assert data.startswith(b"%PDF")
    text, width = pdf_text(data)
    flat = text.replace("\n", "").replace(" ", "")
    assert "长流墩村村务公开栏" in flat and "2026年11月26日" in flat
    titles = list(board_items(village=changliudun).values_list("title", flat=True))
    assert titles and all(t.replace(" ", "") in flat for t in titles)
    assert round(width) == 595  # A4 in points


def test_an_a3_sheet_is_bigger(changliudun):
    _, width = pdf_text(board_sheet_pdf(village=changliudun, paper="A3"))
    assert round(width) == 842


def test_the_cron_command_is_idempotent(changliudun):
    out = io.StringIO()
    call_command("publish_scheduled", stdout=out)
    call_command("publish_scheduled", stdout=out)
    assert out.getvalue().splitlines()[-1] == "已发布 0 条，已到期下线 0 条。"
