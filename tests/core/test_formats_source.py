"""The national formats are declared once (gongkai/core/report/formats.py): no other source file
spells a table, row or column code of them."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DECLARATION = ROOT / "gongkai" / "core" / "report" / "formats.py"
# Codes that mean nothing else in this code base: the table codes of section 二, the numbered rows
# of section 三, and the snake_case row and column codes. (Codes such as `total` or `new` are
# ordinary words as well; they are read through the names formats.py gives them.)
CODE = re.compile(
    r"""["']20\.\d+["']"""
    r"|\b(?:refused|unable|not_handled|other)\.\d\b"
    r"|\b(?:carried_over|carried_forward|prev_items|amount_wan|in_force|other_service|not_handled"
    r"|litigation_direct|litigation_after_review)\b"
)
SOURCES = ("gongkai", "templates", "static", "bench", "scripts")
SUFFIXES = {".py", ".html", ".js", ".txt", ".md", ".css"}


def source_files():
    for top in SOURCES:
        for path in sorted((ROOT / top).rglob("*")):
            if path.suffix in SUFFIXES and "migrations" not in path.parts and path != DECLARATION:
                yield path


def test_it_finds_no_format_code_outside_the_declaration():
    hits = [
        f"{path.relative_to(ROOT)}:{n}: {line.strip()}"
        for path in source_files()
        for n, line in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1)
        if CODE.search(line)
    ]
    assert hits == [], "format codes spelled outside formats.py:\n" + "\n".join(hits)


def test_the_pattern_finds_the_codes_it_is_meant_to():
    # A guard for the guard: the declaration itself is full of hits.
    text = DECLARATION.read_text(encoding="utf-8")
    assert len(CODE.findall(text)) >= 10
    assert CODE.search('row == "refused.3"') and CODE.search("table = '20.5'")
