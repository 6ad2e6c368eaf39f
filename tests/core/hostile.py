"""Hostile files, made small and fast, as an attacker (or a broken tool) would hand them in."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib

GIB = 1024**3


def pdf(objects: list[bytes]) -> bytes:
    """A PDF with these objects (1 0 obj is the catalog) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def length_loop_pdf() -> bytes:
    """A page whose content stream's /Length is 5 0 R, with 5 0 R → 6 0 R → 5 0 R."""
    return pdf(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
            b"<< /Length 5 0 R >>\nstream\nBT /F1 12 Tf (x) Tj ET\nendstream",
            b"6 0 R",
            b"5 0 R",
        ]
    )


def many_pages_pdf(pages: int = 50_000) -> bytes:
    """`pages` empty pages in one page tree (a few MB)."""
    kids = b" ".join(b"%d 0 R" % (n + 3) for n in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d /MediaBox [0 0 595 842] >>" % pages,
    ]
    objects += [b"<< /Type /Page /Parent 2 0 R >>"] * pages
    return pdf(objects)


def zip_bomb(size: int = GIB, name: str = "报告.txt") -> bytes:
    """A ZIP of about 1 MB whose one member unpacks to `size` bytes of zeros. The deflate stream
    is one fully flushed block of 16 MiB of zeros repeated (each block stands alone), so making
    it takes a second, not the time of compressing 1 GiB."""
    chunk = b"\0" * (16 * 1024 * 1024)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = squeeze.compress(chunk) + squeeze.flush(zlib.Z_FULL_FLUSH)
    tail = squeeze.flush(zlib.Z_FINISH)
    repeat = size // len(chunk)
    data = block * repeat + tail
    crc = 0
    for _ in range(repeat):
        crc = zlib.crc32(chunk, crc)
    encoded = name.encode("utf-8")
    flags, method = 0x800, 8
    local = (
        struct.pack(
            "<4sHHHHHIIIHH",
            b"PK\x03\x04",
            20,
            flags,
            method,
            0,
            0x21,
            crc,
            len(data),
            repeat * len(chunk),
            len(encoded),
            0,
        )
        + encoded
    )
    central = (
        struct.pack(
            "<4sHHHHHHIIIHHHHHII",
            b"PK\x01\x02",
            20,
            20,
            flags,
            method,
            0,
            0x21,
            crc,
            len(data),
            repeat * len(chunk),
            len(encoded),
            0,
            0,
            0,
            0,
            0,
            0,
        )
        + encoded
    )
    start = len(local) + len(data)
    end = struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, 1, 1, len(central), start, 0)
    return local + data + central + end


def docx_with_paragraphs(count: int, text: bool = False) -> bytes:
    """A Word document of `count` paragraphs (empty ones compress about 1000:1, like a bomb)."""
    body = b"<w:p><w:r><w:t>%d</w:t></w:r></w:p>" if text else b"<w:p/>"
    paragraphs = b"".join(body % n if text else body for n in range(count))
    document = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
        + paragraphs
        + b"</w:body></w:document>"
    )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
        )
        archive.writestr("word/document.xml", document)
    return out.getvalue()
