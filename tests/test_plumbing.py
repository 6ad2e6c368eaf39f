"""The shared plumbing: settings that refuse a typo, file names in Chinese, one text decoding,
the report command callable from Python."""

import io

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import CommandError, call_command

from gongkai.core.encodings import decode
from gongkai.settings import envbool
from gongkai.web import content_disposition


def test_a_yes_no_setting_with_a_typo_stops_the_start(monkeypatch):
    monkeypatch.setenv("GONGKAI_TEST_FLAG", "ture")
    with pytest.raises(ImproperlyConfigured, match="GONGKAI_TEST_FLAG='ture' is not a yes/no value"):
        envbool("GONGKAI_TEST_FLAG")
    for text, value in (("Yes", True), ("on", True), ("0", False), ("off", False)):
        monkeypatch.setenv("GONGKAI_TEST_FLAG", text)
        assert envbool("GONGKAI_TEST_FLAG") is value
    monkeypatch.delenv("GONGKAI_TEST_FLAG")
    assert envbool("GONGKAI_TEST_FLAG", "True") is True


def test_a_download_keeps_its_chinese_name_with_an_ascii_fallback():
    header = content_disposition("高沙窝镇2025年政府信息公开工作年度报告.pdf")
    assert header.startswith('attachment; filename="2025.pdf"; ')
    assert "filename*=UTF-8''%E9%AB%98%E6%B2%99%E7%AA%9D%E9%95%872025" in header
    assert content_disposition("rollup.xlsx", inline=True) == 'inline; filename="rollup.xlsx"'


def test_text_from_old_windows_offices_decodes_as_gb18030():
    assert decode("处罚决定,192".encode("gbk")) == "处罚决定,192"
    assert decode("\ufeff处罚".encode("utf-8")) == "处罚"
    assert decode("㐀".encode("gb18030")) == "㐀"  # outside GBK: GB18030 only


@pytest.mark.django_db
def test_the_report_command_runs_from_python(people):
    out = io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("report", "export", "--agency", "nowhere", "--year", "2025", stdout=out)
    assert exc.value.returncode == 2
