"""Scans made the way townships publish them: a rendered report printed, scanned at 150 or 200 dpi
slightly rotated and with speckle noise, saved as an image-only PDF or as JPG pages. Used by the
tests and by bench/bench_ocr.py."""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageFilter


def rasterise(pdf: bytes, dpi: int) -> list[Image.Image]:
    """The pages of a PDF as poppler's pdftoppm draws them (grey)."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "in.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdftoppm", "-r", str(dpi), "-gray", "-png", str(source), str(Path(tmp) / "p")], check=True, timeout=300
        )
        return [Image.open(p).copy() for p in sorted(Path(tmp).glob("p*.png"))]


def scanned(page: Image.Image, angle: float, noise: float, seed: int = 1) -> Image.Image:
    """A page as a flatbed scanner gives it: rotated by `angle` degrees, speckled with a share
    `noise` of flipped pixels, slightly blurred."""
    rnd = random.Random(seed)
    img = page.convert("L").rotate(angle, resample=Image.BICUBIC, expand=True, fillcolor=255)
    img = img.filter(ImageFilter.GaussianBlur(0.6))
    pixels = img.load()
    width, height = img.size
    for _ in range(int(width * height * noise)):
        x, y = rnd.randrange(width), rnd.randrange(height)
        pixels[x, y] = rnd.choice((0, 40, 200, 255))
    return img


def scan_pages(
    pdf: bytes, dpi: int = 150, angle: float = 0.4, noise: float = 0.003, seed: int = 1
) -> list[Image.Image]:
    return [scanned(p, angle if i % 2 == 0 else -angle, noise, seed + i) for i, p in enumerate(rasterise(pdf, dpi))]


def image_pdf(pages: list[Image.Image], dpi: int) -> bytes:
    out = io.BytesIO()
    pages[0].save(out, "PDF", save_all=True, append_images=pages[1:], resolution=dpi)
    return out.getvalue()


def jpeg(page: Image.Image, dpi: int, quality: int = 80) -> bytes:
    out = io.BytesIO()
    page.save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue()


def short_report():
    """A real report (淮安市 2024, from the corpus) with its written sections cut short, so it
    renders on three pages: tables 二, 三 and 四 whole."""
    from gongkai.core.report.parse import parse_text

    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
    report = parse_text((corpus / "huaian-city-2024.txt").read_text("utf-8"))
    report.sections = {k: v[:60] for k, v in report.sections.items()}
    return report


def long_jpeg(pages: list[Image.Image], dpi: int, angle: float = 0.0, noise: float = 0.0) -> bytes:
    """The pages one under another in one JPG, as a report posted as a long picture (scanned
    as a whole when angle or noise is given)."""
    width = max(p.width for p in pages)
    sheet = Image.new("L", (width, sum(p.height for p in pages)), 255)
    y = 0
    for p in pages:
        sheet.paste(p, (0, y))
        y += p.height
    if angle or noise:
        sheet = scanned(sheet, angle, noise)
    return jpeg(sheet, dpi)


def wrong_cells(report, expected, tables=("applications", "appeals")) -> list:
    """(table, row, column, expected, read) of every cell of `tables` read differently."""
    out = []
    for t in tables:
        for row, cols in expected.tables[t].items():
            for col, value in cols.items():
                got = (report.tables.get(t) or {}).get(row, {}).get(col)
                if got != value:
                    out.append((t, row, col, value, got))
    return out
