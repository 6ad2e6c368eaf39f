"""The Content-Security-Policy allows no inline style, inline script or on*= handler: no page may
depend on one (the browser would silently drop it)."""

import re
from pathlib import Path

from django.conf import settings

# Templates that are never served as a web page: HTML fed to WeasyPrint to make a PDF.
PDF_SOURCES = {"board_sheet.html"}

INLINE = [
    ("style attribute", re.compile(r"""\sstyle\s*=\s*["']""", re.I)),
    ("on* handler", re.compile(r"""\son[a-z]+\s*=\s*["']""", re.I)),
    ("inline script", re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)),
    ("style element", re.compile(r"<style[\s>]", re.I)),
    ("javascript: link", re.compile(r"""href\s*=\s*["']javascript:""", re.I)),
]


def _templates():
    base = Path(settings.BASE_DIR)
    for path in [*base.glob("templates/**/*.html"), *base.glob("gongkai/*/templates/**/*.html")]:
        if path.name not in PDF_SOURCES:
            yield path


def test_no_served_template_uses_markup_the_csp_blocks():
    found = [
        f"{path.relative_to(settings.BASE_DIR)}: {what}"
        for path in _templates()
        for what, pattern in INLINE
        if pattern.search(path.read_text(encoding="utf-8"))
    ]
    assert not found, found


def test_alices_catalog_page_shows_the_tree_with_css_classes(client, people):
    from gongkai.accounts.models import Agency
    from gongkai.disclosure import services

    gaoshawo = Agency.objects.get(slug="gaoshawo")
    services.catalog_seed(agency=gaoshawo)
    client.force_login(people["alice"])
    response = client.get("/staff/disclosure/catalog/", {"agency": "gaoshawo"})
    page = response.content.decode()
    assert response.status_code == 200 and "style-src 'self'" in response["Content-Security-Policy"]
    assert 'class="depth-1"' in page and "style=" not in page


def test_the_agency_switch_submits_through_the_sites_script(client, people):
    client.force_login(people["admin"])  # reads every agency, so the page offers the switch
    page = client.get("/staff/disclosure/").content.decode()
    assert '<select name="agency" data-autosubmit>' in page and "onchange" not in page
    assert re.search(r'<script src="/static/js/site\.js" defer></script>', page)
    js = (Path(settings.BASE_DIR) / "static/js/site.js").read_text()
    assert "data-autosubmit" in js
