"""The one order in which text files from Chinese offices are decoded: UTF-8 (with or without its
byte-order mark), then GB18030 — the national standard, a superset of GBK and GB2312, so files
saved by older Windows and WPS versions read too."""

TEXT_ENCODINGS = ("utf-8-sig", "gb18030")


def decode(data: bytes) -> str | None:
    """The text of `data` in the first encoding that reads it whole; None when none does."""
    for encoding in TEXT_ENCODINGS:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None
