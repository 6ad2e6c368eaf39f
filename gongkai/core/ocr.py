"""Reading scans (image-only PDFs, JPG/PNG/TIFF pages) with Tesseract, without Django.

Each page is cleaned (speckles removed, binarised, deskewed), its ruled tables are found from the
ruling lines themselves (a row is the band between two horizontal rules, a cell the span between
two vertical rules that cross the whole band; a cell whose top rule is missing continues the
cell above, as a merged cell), the rules are erased, and Tesseract reads the page once; its word
boxes put every word into its cell. A number Tesseract read without confidence, or with a letter
in it, leaves its cell blank: never a guess.

Results are cached by the file's SHA-256 (GONGKAI_OCR_CACHE, else DATA_DIR/ocr-cache), so a file
checked again is not read again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterator

if TYPE_CHECKING:  # imported lazily at run time: reading a scan is rare, the imports are heavy
    import numpy as np
    import numpy.typing as npt
    from PIL.Image import Image as PILImage

    BoolArray = npt.NDArray[np.bool_]
    FloatArray = npt.NDArray[np.float64]
    # a table row band on a page: y0, y1 inside its rules, its cells' (x0, x1), and whether
    # each cell continues the one above (its top rule absent: a merged cell)
    Band = tuple[int, int, list[tuple[int, int]], list[bool]]

from .limits import LimitExceeded, Limits, heartbeat

VERSION = "ocr-3"  # part of the cache key: change it when the reading changes
DPI = 300  # Tesseract reads best at about 300 dpi; 150-200 dpi scans are drawn up to it
LANGUAGES = "chi_sim+eng"
MIN_CONFIDENCE = 60  # below this a numeric word is not trusted (Tesseract's 0-100 confidence)
MAX_PIXELS = 60_000_000  # an A3 page at 400 dpi; a bigger "page" is an image bomb
PAGE_SECONDS = 120
RULE_ABSENT = 0.15  # share of a cell's top edge under a rule below which the rule is not printed

# Called with (page, pages) before each page is read; the CLI sets it to draw a progress bar.
progress: Callable[[int, int], None] | None = None


@dataclass
class Item:
    """A table row (cells: text, or None where a merged cell above covers it) or a text line."""

    top: float
    text: str
    cells: list[str | None] | None = None


def available() -> bool:
    if not shutil.which("tesseract"):
        return False
    try:
        langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        return False
    return all(lang in langs.split() for lang in LANGUAGES.split("+"))


def pdf_is_scan(data: bytes) -> bool:
    """Whether the PDF is a scan: no page carries text (pdfium's extraction) and some page
    carries an image."""
    import pypdfium2
    import pypdfium2.raw as pdfium_c

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # damaged: the PDF reader says why
        return False
    try:
        images = False
        for page in document:
            text = page.get_textpage().get_text_range()
            if len(re.sub(r"\s", "", text)) >= 10:
                return False
            images = images or any(True for _ in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2))
        return images
    finally:
        document.close()


# ---- pages to images ----


def page_images(data: bytes, kind: str, limits: Limits) -> tuple[int, Iterator[PILImage]]:
    """(count, iterator of grey PIL images at about DPI)."""
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    if kind == "pdf":
        import pypdfium2

        document = pypdfium2.PdfDocument(data)
        count = len(document)
        _check_count(count, limits)

        def render() -> Iterator[PILImage]:
            for page in document:
                width, height = page.get_size()
                scale = min(DPI / 72, (MAX_PIXELS / max(width * height, 1)) ** 0.5)
                yield page.render(scale=scale, grayscale=True).to_pil().convert("L")

        return count, render()
    try:
        image = Image.open(io.BytesIO(data))
        count = getattr(image, "n_frames", 1)
    except Image.DecompressionBombError as exc:
        raise LimitExceeded(f"图片超过 {MAX_PIXELS // 1_000_000} 百万像素的上限，已拒绝读取") from exc
    except OSError as exc:
        raise LimitExceeded("图片已损坏，无法读取") from exc
    _check_count(count, limits)

    def frames() -> Iterator[PILImage]:
        for k in range(count):
            try:
                image.seek(k)
                frame = image.convert("L")
            except Image.DecompressionBombError as exc:
                raise LimitExceeded(f"图片超过 {MAX_PIXELS // 1_000_000} 百万像素的上限，已拒绝读取") from exc
            except OSError as exc:
                raise LimitExceeded("图片已损坏，无法读取") from exc
            yield _to_dpi(frame, image.info.get("dpi"))

    return count, frames()


def _check_count(count: int, limits: Limits) -> None:
    if count > limits.max_ocr_pages:
        raise LimitExceeded(f"扫描件共 {count} 页，超过文字识别每个文件 {limits.max_ocr_pages} 页的上限，已拒绝读取")


def _to_dpi(image: PILImage, dpi: Any) -> PILImage:
    """An image drawn up (or down) to about DPI; without a resolution an A4 width is assumed."""
    from PIL import Image

    width, height = image.size
    source = None
    if dpi and dpi[0] and float(dpi[0]) > 50:
        source = float(dpi[0])
    if source is None:
        source = width / 8.27 if width < height else height / 8.27
    scale = DPI / source
    if abs(scale - 1) < 0.1:
        return image
    scale = min(scale, (MAX_PIXELS / (width * height)) ** 0.5)
    return image.resize((round(width * scale), round(height * scale)), Image.Resampling.LANCZOS)


# ---- cleaning ----


def _otsu(gray: npt.NDArray[np.uint8]) -> int:
    import numpy as np

    hist = np.bincount(gray.ravel(), minlength=256).astype(float)
    total = hist.sum()
    levels = np.arange(256)
    weight = np.cumsum(hist)
    mean = np.cumsum(hist * levels)
    between = (mean[-1] * weight / total - mean) ** 2 / np.maximum(weight * (total - weight), 1)
    return int(np.argmax(between))


def deskew_angle(image: PILImage) -> float:
    """The angle (degrees) that makes text lines horizontal: where the row profile of the ink is
    sharpest, searched coarse then fine on a small copy."""
    import numpy as np
    from PIL import Image

    small = image.resize((max(1, image.width // 3), max(1, image.height // 3)), Image.Resampling.BILINEAR)
    gray = np.asarray(small)
    ink = Image.fromarray(((gray < _otsu(gray)) * 255).astype("uint8"))

    def sharpness(angle: float) -> float:
        rows = np.asarray(ink.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=0)).sum(axis=1, dtype=float)
        return float(np.square(np.diff(rows)).sum())

    best = max((a / 2 for a in range(-10, 11)), key=sharpness)
    return max((best + a / 20 for a in range(-10, 11)), key=sharpness)


def clean(image: PILImage) -> tuple[PILImage, BoolArray]:
    """(deskewed grey image, its ink mask)."""
    import numpy as np
    from PIL import Image, ImageFilter

    image = image.filter(ImageFilter.MedianFilter(3))
    angle = deskew_angle(image)
    if abs(angle) >= 0.05:
        image = image.rotate(angle, resample=Image.Resampling.BICUBIC, expand=False, fillcolor=255)
    gray = np.asarray(image)
    return image, gray < _otsu(gray)


# ---- ruled tables ----


def _runs(flags: BoolArray) -> list[tuple[int, int]]:
    """[start, end) of every run of True."""
    import numpy as np

    padded = np.concatenate(([False], flags, [False])).astype(int)
    edges = np.flatnonzero(np.diff(padded))
    return list(zip(edges[::2].tolist(), edges[1::2].tolist()))


def horizontal_rules(ink: BoolArray) -> tuple[BoolArray, list[tuple[int, int]]]:
    """(mask of horizontal-rule pixels, [(y0, y1)] of the rules)."""
    import numpy as np

    height, width = ink.shape
    length = max(40, width // 25)
    counts = np.cumsum(np.pad(ink, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    full = (counts[:, length:] - counts[:, :-length]) >= length - 2  # a window of ink, a speck may miss
    starts = np.cumsum(np.pad(full, ((0, 0), (1, 0))).astype(np.int32), axis=1)
    covered = np.zeros_like(ink)
    # a pixel is on a rule when some full window starting at most `length` before it covers it
    span = starts[:, length:] - starts[:, :-length] if width > length else starts[:, :0]
    covered[:, length - 1 : length - 1 + span.shape[1]] = span[:, : width - length + 1] > 0
    covered &= ink
    rows = covered.sum(axis=1) > width // 6
    return covered, _runs(rows)


def find_grid(ink: BoolArray) -> tuple[list[Band], BoolArray]:
    """Row bands [(y0, y1, [(x0, x1) cells], [covered flags])] of the ruled tables on a page (y and
    x inside the rules) and the mask of the rules."""

    hmask, rules = horizontal_rules(ink)
    mask = hmask.copy()
    bands = []
    for (a0, a1), (b0, b1) in zip(rules, rules[1:]):
        top, bottom = a1 + 2, b0 - 2
        if bottom - top < 12:
            continue
        band = ink[top:bottom]
        filled = band.mean(axis=0) > 0.85
        verticals = [(x0, x1) for x0, x1 in _runs(filled) if x1 - x0 <= 12]
        if len(verticals) < 3:
            continue
        for x0, x1 in verticals:
            mask[a0:b1, max(0, x0 - 1) : x1 + 1] |= ink[a0:b1, max(0, x0 - 1) : x1 + 1]
        cells = [(v[1], w[0]) for v, w in zip(verticals, verticals[1:])]
        rule = hmask[max(0, a0 - 2) : a1 + 2]
        # a cell continues the one above (merged) only when its top rule is absent; a rule the
        # scan broke in places still separates two rows (else their numbers are read as one)
        covered = [rule[:, x0 + 3 : max(x0 + 4, x1 - 3)].any(axis=0).mean() < RULE_ABSENT for x0, x1 in cells]
        bands.append((a1, b0, cells, covered))  # inside the two rules
    return bands, mask


# ---- Tesseract ----


@dataclass
class Word:
    text: str
    conf: float
    left: int
    top: int
    width: int
    height: int
    line: tuple[int, int, int]

    @property
    def cy(self) -> float:
        return self.top + self.height / 2


def tesseract_words(image: PILImage, psm: int, languages: str = LANGUAGES, digits: bool = False) -> list[Word]:
    command = ["tesseract", "stdin", "stdout", "-l", languages, "--psm", str(psm), "--dpi", str(DPI)]
    if digits:
        command += ["-c", "tessedit_char_whitelist=0123456789."]
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    try:
        done = subprocess.run(
            command + ["tsv"],
            input=buffer.getvalue(),
            capture_output=True,
            timeout=PAGE_SECONDS,
            env=dict(os.environ, OMP_THREAD_LIMIT="1"),
        )
    except subprocess.TimeoutExpired as exc:
        raise LimitExceeded(f"文字识别一页超过 {PAGE_SECONDS} 秒的时间上限，已停止") from exc
    if done.returncode != 0:
        raise LimitExceeded("文字识别失败：" + done.stderr.decode("utf-8", "replace").strip()[-200:])
    # each reading is bounded by its own timeout; a long picture (several pages' height) is read
    # in several, so the wall-time budget is renewed after each, not only after each page
    heartbeat()
    words = []
    for row in done.stdout.decode("utf-8", "replace").splitlines()[1:]:
        parts = row.split("\t")
        if len(parts) < 12 or parts[0] != "5" or not parts[11].strip():
            continue
        words.append(
            Word(
                text=parts[11].strip(),
                conf=float(parts[10]),
                left=int(parts[6]),
                top=int(parts[7]),
                width=int(parts[8]),
                height=int(parts[9]),
                line=(int(parts[2]), int(parts[3]), int(parts[4])),
            )
        )
    return words


def _join(words: list[Word]) -> str:
    out = ""
    for w in words:
        if out and _ascii_word(out[-1]) and _ascii_word(w.text[0]) and not (out[-1].isdigit() and w.text[0].isdigit()):
            out += " "
        out += w.text
    return out


def _ascii_word(ch: str) -> bool:
    return ch.isascii() and ch.isalnum()


def _lines(words: list[Word]) -> list[list[Word]]:
    """Tesseract's own lines, in its reading order."""
    lines: dict[tuple[int, int, int], list[Word]] = {}
    for w in words:
        lines.setdefault(w.line, []).append(w)
    return list(lines.values())


_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def _has_ink(ink: BoolArray) -> bool:
    return int(ink.sum()) > 20


def _composite(crops: list[PILImage], gap: int = 24) -> tuple[PILImage, list[tuple[int, int]]]:
    """The crops stacked one under another on white, and the [top, bottom) of each."""
    from PIL import Image

    width = max((c.width for c in crops), default=1) + 2 * gap
    height = sum(c.height + gap for c in crops) + gap
    sheet = Image.new("L", (width, max(height, 1)), 255)
    spans, y = [], gap
    for c in crops:
        sheet.paste(c, (gap, y))
        spans.append((y, y + c.height))
        y += c.height + gap
    return sheet, spans


def _by_span(words: list[Word], spans: list[tuple[int, int]]) -> list[list[Word]]:
    out: list[list[Word]] = [[] for _ in spans]
    for w in words:
        for k, (top, bottom) in enumerate(spans):
            if top - 6 <= w.cy < bottom + 6:
                out[k].append(w)
                break
    return out


def read_cells(page: PILImage, boxes: list[tuple[int, int, int, int]]) -> list[str]:
    """The text of each cell box (x0, y0, x1, y1) of the clean page. Cells are stacked on a sheet
    and read with digits only; a confident reading that covers the cell's ink is its number, and
    its characters teach the page's digit shapes. The other cells are read again in Chinese; those
    that hold only digits are read by the digit shapes learnt from this page, character by
    character, each taken only when it matches one digit clearly better than any other.
    Otherwise the cell is a blank: never a guess."""
    import numpy as np

    out = [""] * len(boxes)
    crops = {k: page.crop(box) for k, box in enumerate(boxes)}
    inks = {k: np.asarray(crop) < 128 for k, crop in crops.items()}
    inked = [k for k in crops if _has_ink(inks[k])]
    short = [k for k in inked if _ink_extent(inks[k]) < 3 * inks[k].shape[0]]
    rest = [k for k in inked if k not in short]
    shapes = DigitShapes()
    for k, words in zip(short, _read_sheet([crops[k] for k in short], DIGITS)):
        number = _number(words, MIN_CONFIDENCE)
        if number and _covers(words, crops[k]):
            out[k] = number
            if _reading(words)[1] >= LEARN_CONFIDENCE:
                shapes.learn(number, inks[k])
        else:
            rest.append(k)
    numeric = []
    for k, words in zip(rest, _read_sheet([crops[k] for k in rest], TEXT)):
        text = " ".join(_join(ln) for ln in _lines(words)).strip()
        if _CJK.search(text) or len(re.findall(r"[A-Za-z]", text)) >= 3:
            out[k] = text
        elif _number(words, MIN_CONFIDENCE):  # a long number, read with confidence
            out[k] = _number(words, MIN_CONFIDENCE)
        else:
            numeric.append(k)
    for k in numeric:
        out[k] = shapes.read(inks[k])
    for k in inked:  # Tesseract's numbers must agree with the printed shapes, digit by digit,
        if out[k].isdigit() and not shapes.agrees(out[k], inks[k]):  # else the shapes decide or blank
            out[k] = shapes.read(inks[k])
        if NUMERIC.fullmatch(out[k]) and _text_lines(inks[k]) > 1:
            out[k] = ""  # numbers on two lines: two cells whose rule was lost, never one number
        if not out[k]:
            out[k] = _unread_mark(inks[k])
    return out


UNSURE = "\ufffd"  # a cell with printed characters that no reading was sure of (not a printed blank)


def _unread_mark(ink: BoolArray) -> str:
    """What an inked cell no reading was sure of holds: "-" for a dash (a printed blank), UNSURE
    when its ink is as tall as a character, "" for specks the cleaning left."""
    import numpy as np

    rows = np.flatnonzero(ink.sum(axis=1) > 0)
    if rows.size == 0:
        return ""
    height = int(rows[-1] - rows[0] + 1)
    if height <= 8 and _ink_extent(ink) >= 2 * height:
        return "-"
    return UNSURE if height >= 12 else ""


NUMERIC = re.compile(r"\d+(?:\.\d+)?")


def _text_lines(ink: BoolArray) -> int:
    """How many lines of characters a cell's ink makes: bands of inked rows of about a
    character's height, apart from each other (a rule's remains are far thinner)."""
    bands = [b - a for a, b in _runs(ink.sum(axis=1) > 1)]
    tallest = max(bands, default=0)
    return sum(1 for h in bands if h >= max(8, tallest // 2))


LEARN_CONFIDENCE = 85
DIGITS, TEXT = "digits", "text"
GLYPH = (12, 20)  # width, height a character is normalised to
MIN_MATCH, MIN_MARGIN = 0.7, 0.15  # correlation with the best digit, and its lead over the next
SPECK = 15  # pixels at 300 dpi


def _glyphs(ink: BoolArray) -> list[BoolArray] | None:
    """The characters of a cell's ink, left to right, split at columns without ink; None when a
    piece too small to be a digit lies among them (a decimal point, a speck: not read by shape)."""
    import numpy as np

    pieces = []
    for x0, x1 in _runs(ink.sum(axis=0) > 0):
        piece = ink[:, x0:x1]
        if piece.sum() < SPECK:  # a speck the cleaning left: far smaller than a decimal point
            continue
        rows = np.flatnonzero(piece.sum(axis=1) > 0)
        pieces.append(piece[rows[0] : rows[-1] + 1])
    if not pieces:
        return None
    tall = max(p.shape[0] for p in pieces)
    if any(p.shape[0] < 0.6 * tall or p.sum() < 20 for p in pieces):
        return None
    return pieces


def _shape(glyph: BoolArray) -> FloatArray:
    import numpy as np
    from PIL import Image

    img = Image.fromarray((glyph * 255).astype("uint8")).resize(GLYPH, Image.Resampling.BILINEAR)
    v = np.asarray(img, dtype=float).ravel()
    v -= v.mean()
    norm = np.linalg.norm(v)
    return v / norm if norm else v


class DigitShapes:
    """The digits of one page as its printer drew them, learnt from its confident readings."""

    def __init__(self) -> None:
        self.shapes: dict[str, list[FloatArray]] = {}
        self._cache: tuple[int, dict[str, FloatArray]] | None = None  # (shapes learnt, their means)
        self.sizes: dict[str, list[tuple[int, int]]] = {}

    def learn(self, number: str, ink: BoolArray) -> None:
        glyphs = _glyphs(ink)
        if not number.isdigit() or glyphs is None or len(glyphs) != len(number):
            return
        for digit, glyph in zip(number, glyphs):
            self.shapes.setdefault(digit, []).append(_shape(glyph))
            self.sizes.setdefault(digit, []).append(glyph.shape)

    def agrees(self, number: str, ink: BoolArray) -> bool:
        """Whether a number read by Tesseract fits what is printed: not fewer digits than printed
        characters, and with one character per digit each closest to its own digit's shape
        (where this page taught that digit)."""
        glyphs = _glyphs(ink)
        if glyphs is None:
            return True  # a decimal point or a speck among them: nothing to compare
        if len(glyphs) < len(number):
            return True  # printed digits that touch: nothing to compare one by one
        if len(glyphs) > len(number):
            return False
        return all(
            digit not in self.shapes or self._classify(glyph) in (digit, None) for digit, glyph in zip(number, glyphs)
        )

    def _classify(self, glyph: BoolArray) -> str | None:
        """The digit the glyph clearly is, "" when it is clearly none, None when unsure."""
        import numpy as np

        v = _shape(glyph)
        scores = sorted(((float(v @ m), d) for d, m in self._means().items()), reverse=True)
        best, digit = scores[0]
        second = scores[1][0] if len(scores) > 1 else -1.0
        if best >= MIN_MATCH and best - second >= MIN_MARGIN:
            height, width = np.median(self.sizes[digit], axis=0)
            fits = abs(glyph.shape[0] - height) <= 0.15 * height and abs(glyph.shape[1] - width) <= 0.35 * width + 2
            return digit if fits else ""
        return None

    def _means(self) -> dict[str, FloatArray]:
        import numpy as np

        learnt = sum(len(v) for v in self.shapes.values())
        if self._cache is None or self._cache[0] != learnt:
            means = {d: np.mean(v, axis=0) for d, v in self.shapes.items()}
            self._cache = (learnt, {d: m / (np.linalg.norm(m) or 1) for d, m in means.items()})
        return self._cache[1]

    def read(self, ink: BoolArray) -> str:
        glyphs = _glyphs(ink)
        if glyphs is None or not self.shapes:
            return ""
        digits = [self._classify(glyph) for glyph in glyphs]
        return "".join(d or "" for d in digits) if all(digits) else ""


def _reading(words: list[Word]) -> tuple[str, float]:
    return "".join(w.text for w in words), min((w.conf for w in words), default=0.0)


def _ink_extent(ink: BoolArray) -> int:
    import numpy as np

    columns = np.flatnonzero(ink.sum(axis=0) > 1)
    return int(columns[-1] - columns[0] + 1) if columns.size else 0


MAX_SHEET = 30_000  # pixels: Tesseract refuses an image over 32767 high


def _read_sheet(crops: list[PILImage], mode: str) -> list[list[Word]]:
    """The words of each crop, read on sheets of stacked crops each below Tesseract's limit."""
    out: list[list[Word]] = []
    start, height = 0, 0
    for k, crop in enumerate(crops):
        if height and height + crop.height + 24 > MAX_SHEET:
            out += _read_one_sheet(crops[start:k], mode)
            start, height = k, 0
        height += crop.height + 24
    return out + _read_one_sheet(crops[start:], mode)


def _read_one_sheet(crops: list[PILImage], mode: str) -> list[list[Word]]:
    if not crops:
        return []
    sheet, spans = _composite(crops)
    if mode == DIGITS:
        words = tesseract_words(sheet, 6, "eng", digits=True)
    else:
        words = tesseract_words(sheet, 6)
    return _by_span(words, spans)


def _covers(words: list[Word], crop: PILImage) -> bool:
    """The words span the ink of the cell: a digit read out of a Chinese label does not."""
    import numpy as np

    columns = np.flatnonzero((np.asarray(crop) < 128).sum(axis=0) > 1)
    if columns.size == 0:
        return True
    left = min(w.left for w in words) - 24  # the sheet's margin
    right = max(w.left + w.width for w in words) - 24
    return bool((right - left) >= 0.6 * (columns[-1] - columns[0] + 1))


def _number(words: list[Word], confidence: float) -> str:
    text, conf = _reading(words)
    if not re.fullmatch(r"\d+(?:\.\d+)?", text) or conf < confidence:
        return ""
    return text


def read_page(image: PILImage) -> list[Item]:
    import numpy as np
    from PIL import Image, ImageFilter

    image, ink = clean(image)
    bands, rules = find_grid(ink)
    ink = ink & ~rules
    # black on white without the rules; the median removes the speckles binarising leaves
    page = Image.fromarray(np.where(ink, 0, 255).astype("uint8")).filter(ImageFilter.MedianFilter(3))
    boxes, where = [], []
    for b, (y0, _y1, cells, covered) in enumerate(bands):
        for c, ((x0, x1), cont) in enumerate(zip(cells, covered)):
            if not cont:
                bottom = _merged_bottom(bands, b, x0, x1)
                boxes.append((x0 + 3, y0 + 3, x1 - 3, bottom - 3))  # clear of the rules' remains
                where.append((b, c))
    texts = read_cells(page, boxes)
    rows: list[list[str | None]] = [[None] * len(cells) for _y0, _y1, cells, _c in bands]
    for (b, c), text in zip(where, texts):
        rows[b][c] = text
    items = [
        Item(top=band[0], text=" | ".join(c for c in row if c and c != UNSURE), cells=row)
        for band, row in zip(bands, rows)
    ]
    # the text outside tables is read twice, from the clean and from the grey page, and each line
    # is taken from the reading Tesseract is surer of (either alone misreads some headings)
    grey = np.asarray(image.filter(ImageFilter.MedianFilter(3))).copy()
    grey[rules] = 255
    clean_page = np.asarray(page).copy()
    for y0, y1, cells, _covered in bands:
        grey[y0:y1, cells[0][0] - 8 : cells[-1][1] + 8] = 255
        clean_page[y0:y1, cells[0][0] - 8 : cells[-1][1] + 8] = 255
    readings = [_lines(tesseract_words(Image.fromarray(a), 4)) for a in (clean_page, grey)]
    for line in _surer_lines(*readings):
        items.append(Item(top=min(w.top for w in line), text=_join(line)))
    items.sort(key=lambda it: it.top)
    return items


def _surer_lines(first: list[list[Word]], second: list[list[Word]]) -> list[list[Word]]:
    """Per line of text, the reading with the higher mean confidence; a line only one reading
    found is kept."""

    def centre(line: list[Word]) -> float:
        return sum(w.cy for w in line) / len(line)

    def conf(line: list[Word]) -> float:
        return sum(w.conf for w in line) / len(line)

    out, used = [], set()
    for line in first:
        height = max(w.height for w in line)
        match = next(
            (k for k, other in enumerate(second) if k not in used and abs(centre(other) - centre(line)) < 0.5 * height),
            None,
        )
        if match is None:
            out.append(line)
            continue
        used.add(match)
        out.append(line if conf(line) >= conf(second[match]) else second[match])
    out += [line for k, line in enumerate(second) if k not in used]
    return out


def _merged_bottom(bands: list[Band], b: int, x0: int, x1: int) -> int:
    """The bottom of a cell that starts in band b: further down while the cell below at the same
    place has no top rule (it is the same merged cell)."""
    bottom = bands[b][1]
    for y0, y1, cells, covered in bands[b + 1 :]:
        if y0 > bottom + 16:
            break
        same = [cont for (a0, a1), cont in zip(cells, covered) if abs(a0 - x0) <= 6 and abs(a1 - x1) <= 6]
        if not same or not same[0]:
            break
        bottom = y1
    return bottom


# ---- whole files, cached ----


def cache_dir() -> Path:
    configured = os.environ.get("GONGKAI_OCR_CACHE")
    if configured:
        return Path(configured)
    return Path(os.environ.get("DATA_DIR", "var")) / "ocr-cache"


def _cache_path(data: bytes) -> Path:
    digest = hashlib.sha256(VERSION.encode() + b"\0" + data).hexdigest()
    return cache_dir() / digest[:2] / f"{digest}.json"


def _load(path: Path) -> list[list[Item]] | None:
    try:
        raw = json.loads(path.read_text("utf-8"))
        return [[Item(top=i[0], text=i[1], cells=i[2]) for i in page] for page in raw]
    except (OSError, ValueError, TypeError, IndexError):
        return None


def _store(path: Path, pages: list[list[Item]]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump([[[i.top, i.text, i.cells] for i in page] for page in pages], fh, ensure_ascii=False)
        os.replace(tmp, path)
    except OSError as exc:  # a read-only cache only costs time; say so where it is run
        print(f"文字识别结果无法缓存（{exc}）", file=sys.stderr)


def read_pages(data: bytes, kind: str, limits: Limits) -> list[list[Item]]:
    """Every page of a scan as items, from the cache when this file was read before."""
    path = _cache_path(data)
    cached = _load(path) if path.exists() else None
    if cached is not None:
        return cached
    count, images = page_images(data, kind, limits)
    pages = []
    for number, image in enumerate(images, 1):
        if progress is not None:
            progress(number, count)
        pages.append(read_page(image))
        heartbeat()
    _store(path, pages)
    return pages
