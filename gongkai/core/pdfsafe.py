"""Opening PDFs from outside with pdfminer (under pdfplumber) and pdfium, bounded.

pdfminer resolves an indirect object with `while isinstance(x, PDFObjRef): x = x.resolve()`, so a
PDF whose `/Length 5 0 R` points at `5 0 obj 6 0 R` and `6 0 obj 5 0 R` loops for ever (a 500-byte
file stalls a worker). We replace that loop, in pdfminer's modules that hold it, by one that stops
after a chain no real PDF has; the child process deadline of gongkai.core.limits stays the
backstop for anything else.
"""

from __future__ import annotations

from .limits import LimitExceeded, Limits, too_many_pages

MAX_CHAIN = 32


class ReferenceCycle(LimitExceeded):
    def __init__(self, message: str = "PDF 中的对象引用首尾相接（循环引用），文件已损坏或是恶意构造的，已拒绝读取"):
        super().__init__(message)


_installed = False
_cycles = 0  # cycles met in this process; the reader turns its generic error into the named one


def install() -> None:
    """Make pdfminer's indirect-object resolution stop on a cycle (idempotent)."""
    global _installed
    if _installed:
        return
    from pdfminer import pdffont, pdfinterp, pdfpage, pdftypes

    def resolve1(x: object, default: object = None) -> object:
        for _ in range(MAX_CHAIN):
            if not isinstance(x, pdftypes.PDFObjRef):
                return x
            x = x.resolve(default=default)
        if isinstance(x, pdftypes.PDFObjRef):
            global _cycles
            _cycles += 1
            raise ReferenceCycle()
        return x

    for module in (pdftypes, pdffont, pdfinterp, pdfpage):
        if hasattr(module, "resolve1"):
            module.resolve1 = resolve1  # type: ignore[attr-defined]  # patched on purpose
    _installed = True


def cycles_met() -> int:
    return _cycles


def page_count(data: bytes) -> int:
    """Pages of a PDF as pdfium counts them (C code, fast on 50,000 pages); 0 when pdfium cannot
    open it (the reader then says why)."""
    import pypdfium2

    try:
        document = pypdfium2.PdfDocument(data)
    except Exception:  # pdfium's PdfiumError and friends: damaged or encrypted
        return 0
    try:
        return len(document)
    finally:
        document.close()


def check_pages(data: bytes, limits: Limits) -> int:
    pages = page_count(data)
    if pages > limits.max_pages:
        raise too_many_pages(pages, limits)
    return pages
