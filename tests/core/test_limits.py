"""Hostile files are refused within seconds, with a message naming the limit, and never stall the
reader: through the CLI (each test runs `report parse` on the file) and through the core API."""

import io
import sys
import zipfile
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
import hostile  # noqa: E402

from gongkai.core.cli import main  # noqa: E402
from gongkai.core.limits import LimitExceeded, Limits, run_limited, zip_member, zip_members  # noqa: E402
from gongkai.core.report.model import UnreadableReport  # noqa: E402
from gongkai.core.report.parse import parse_bytes  # noqa: E402


def refused(tmp_path, capsys, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["report", "parse", str(path)]) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return err


def test_pdf_whose_length_refers_to_itself_through_two_objects(tmp_path, capsys):
    data = hostile.length_loop_pdf()
    assert len(data) < 640
    err = refused(tmp_path, capsys, "loop.pdf", data)
    assert "循环引用" in err


def test_pdf_of_fifty_thousand_pages(tmp_path, capsys):
    err = refused(tmp_path, capsys, "pages.pdf", hostile.many_pages_pdf(50_000))
    assert "共 50000 页" in err and "300 页的上限" in err


def test_docx_of_two_million_paragraphs(tmp_path, capsys):
    data = hostile.docx_with_paragraphs(2_000_000)
    assert len(data) < 100_000
    err = refused(tmp_path, capsys, "paragraphs.docx", data)
    assert "word/document.xml" in err and "压缩比超过 100:1" in err


def test_paragraph_limit_is_named():
    data = hostile.docx_with_paragraphs(5000, text=True)
    with pytest.raises(UnreadableReport) as caught:
        parse_bytes(data, "r.docx", limits=Limits(max_paragraphs=1000))
    assert "5000 个段落" in caught.value.message and "1000 个的上限" in caught.value.message


def test_docx_whose_document_is_a_one_gib_member(tmp_path, capsys):
    bomb = hostile.zip_bomb(name="word/document.xml")
    assert len(bomb) < 2 * 1024 * 1024
    err = refused(tmp_path, capsys, "bomb.docx", bomb)
    assert "压缩比超过" in err or "解压后超过" in err


def test_zip_member_is_streamed_and_stopped_at_its_cap():
    archive = zipfile.ZipFile(io.BytesIO(hostile.zip_bomb()))
    info = archive.infolist()[0]
    with pytest.raises(LimitExceeded) as caught:
        zip_member(archive, info, Limits())
    assert "疑似压缩炸弹" in caught.value.message
    # a header that understates nothing is still read only up to the cap, in chunks
    with pytest.raises(LimitExceeded) as caught:
        zip_member(archive, info, Limits(max_ratio=10**6), cap=8 * 1024 * 1024)
    assert "解压后超过 8 MB" in caught.value.message


def test_zip_members_stop_at_the_total_unpacked():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(5):
            archive.writestr(f"{n}.txt", bytes(range(256)) * 4096)  # 1 MiB each, stored
    archive = zipfile.ZipFile(io.BytesIO(out.getvalue()))
    limits = Limits(max_unpacked=3 * 1024 * 1024 + 10)
    with pytest.raises(LimitExceeded):
        list(zip_members(archive, limits))


def spin():
    while True:
        pass


def hog():
    return b"x" * (4 * 1024**3)


def test_wall_time_and_memory_of_the_child_are_bounded():
    with pytest.raises(LimitExceeded) as caught:
        run_limited(spin, limits=Limits(seconds=1))
    assert "1 秒的时间上限" in caught.value.message
    with pytest.raises(LimitExceeded) as caught:
        run_limited(hog, limits=Limits(memory=256 * 1024 * 1024))
    assert "256 MB 的上限" in caught.value.message


def test_oversized_text_is_refused():
    with pytest.raises(UnreadableReport) as caught:
        parse_bytes(("一" * 2000).encode(), "r.txt", limits=Limits(max_chars=1000))
    assert "1000 字的上限" in caught.value.message


def test_check_of_a_folder_with_hostile_files_shows_progress_and_goes_on(tmp_path, capsys):
    corpus = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
    (tmp_path / "loop.pdf").write_bytes(hostile.length_loop_pdf())
    (tmp_path / "pages.pdf").write_bytes(hostile.many_pages_pdf(50_000))
    (tmp_path / "paragraphs.docx").write_bytes(hostile.docx_with_paragraphs(2_000_000))
    (tmp_path / "huaian-city-2024.txt").write_bytes((corpus / "huaian-city-2024.txt").read_bytes())
    assert main(["report", "check", str(tmp_path)]) == 2
    captured = capsys.readouterr()
    assert "循环引用" in captured.out and "300 页的上限" in captured.out and "压缩比" in captured.out
    assert captured.out.strip().splitlines()[-1].startswith("4 files")
    assert "4/4" in captured.err and "[####" in captured.err
