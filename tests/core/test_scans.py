"""Scanned reports are read by OCR: a rendered report printed, scanned at 150 and 200 dpi a
fraction of a degree askew with speckle noise, saved as an image-only PDF and as one long JPG —
every cell of 三 and 四 right; a re-check comes from the cache; a digit the OCR is not sure of
is a blank, never a guess. Legacy Office files are converted by LibreOffice and read whole."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scans  # noqa: E402
from material import soffice_convert  # noqa: E402

from gongkai.core import ocr  # noqa: E402
from gongkai.core.report.parse import parse_bytes  # noqa: E402
from gongkai.core.report.render import render_docx, render_pdf  # noqa: E402


@pytest.fixture(scope="module")
def report():
    return scans.short_report()


@pytest.fixture(scope="module")
def printed(report):
    return render_pdf(report)


@pytest.fixture(autouse=True)
def ocr_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("GONGKAI_OCR_CACHE", str(tmp_path / "ocr"))


def test_an_image_only_pdf_scanned_at_150_dpi_reads_every_cell(report, printed, monkeypatch):
    data = scans.image_pdf(scans.scan_pages(printed, dpi=150, angle=0.4, noise=0.003), 150)
    back = parse_bytes(data, "扫描件.pdf")
    assert (back.agency, back.year, back.format) == (report.agency, report.year, report.format)
    assert scans.wrong_cells(back, report) == []

    def no_ocr(*args, **kwargs):
        raise AssertionError("read again instead of from the cache")

    monkeypatch.setattr(ocr, "tesseract_words", no_ocr)
    assert parse_bytes(data, "扫描件.pdf").tables == back.tables


def test_a_long_jpg_scanned_at_200_dpi_reads_every_cell(report, printed):
    data = scans.long_jpeg(scans.rasterise(printed, 200), 200, angle=-0.3, noise=0.002)
    back = parse_bytes(data, "年报.jpg")
    assert back.year == report.year
    assert scans.wrong_cells(back, report) == []


def test_a_digit_that_matches_no_learnt_shape_clearly_is_a_blank():
    from PIL import Image, ImageDraw, ImageFont

    font = ImageFont.truetype(_font(), 40)

    def ink(text):
        img = Image.new("L", (40 * len(text) + 20, 60), 255)
        ImageDraw.Draw(img).text((10, 5), text, font=font, fill=0)
        return np.asarray(img) < 128

    shapes = ocr.DigitShapes()
    for number in ("3", "8", "30", "88", "1234567890"):
        shapes.learn(number, ink(number))
    assert shapes.read(ink("380")) == "380"
    torn = ink("3")
    torn[35:] = False  # the lower half of the 3 not printed: no digit
    assert shapes.read(torn) == ""
    blot = ink("8")
    blot[15:40, 15:40] = True  # ink spilt over it
    assert shapes.read(blot) == ""
    assert ocr._number([ocr.Word("7", 41.0, 0, 0, 10, 10, (1, 1, 1))], ocr.MIN_CONFIDENCE) == ""


def _font():
    found = subprocess.run(["fc-match", "-f", "%{file}", "Noto Serif CJK SC"], capture_output=True, text=True)
    return found.stdout.strip()


@pytest.mark.parametrize("target", ["doc", "odt"])
def test_a_report_saved_by_libreoffice_as_legacy_office_reads_every_cell(report, target):
    data = soffice_convert(render_docx(report), ".docx", target)
    back = parse_bytes(data, f"年报.{target}")
    assert back.tables == report.tables and back.agency == report.agency
    if target == "doc":  # WPS saves Word 97 files under its own extension
        assert parse_bytes(data, "年报.wps").tables == report.tables
