"""The printable sheet of a village board (村务公开栏), for posting: HTML template → WeasyPrint PDF."""

from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.accounts.models import Region

from .selectors import board_items

PAPERS = ("A4", "A3")


def board_sheet_html(*, village: Region, paper: str = "A4", today=None) -> str:
    if paper not in PAPERS:
        raise ValueError(f"paper must be one of {PAPERS}")
    if village.level != Region.Level.VILLAGE:
        raise ValueError("a board belongs to a 行政村(社区)")
    today = today or timezone.localdate()
    items = list(board_items(village=village))
    return render_to_string(
        "disclosure/board_sheet.html",
        {
            "village": village,
            "township": village.parent,
            "items": items,
            "paper": paper,
            "today": today,
        },
    )


def board_sheet_pdf(*, village: Region, paper: str = "A4", today=None) -> bytes:
    """The board of `village` as a dated PDF sheet (A4 or A3), in a Noto CJK font."""
    from weasyprint import HTML

    return HTML(string=board_sheet_html(village=village, paper=paper, today=today)).write_pdf()
