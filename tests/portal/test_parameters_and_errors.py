"""Bad parameters are the caller's mistake: a 400 with a message saying what to fix, never a 500,
on SQLite and PostgreSQL alike. Error pages are Chinese, in the site's layout, and say why and
what to do; the API answers its errors in JSON."""

import json
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

BAD_YEARS = ("10000", "-1", "12345678901234567890", "二〇二五")


@pytest.fixture
def subsidy(publish):
    return publish("2025年涉农补贴发放公示", "<p>每亩补贴 100 元。</p>", village="长流墩村")


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_api_refuses_a_year_out_of_range_with_a_400(client, subsidy, year):
    r = client.get("/api/items", {"year": year})
    assert r.status_code == 400 and r["Content-Type"].startswith("application/json")
    assert "year" in r.json()["detail"] and "1990" in r.json()["detail"]


def test_the_api_still_answers_a_good_year(client, subsidy):
    r = client.get("/api/items", {"year": subsidy.published_at.year, "agency": "gaoshawo"})
    assert r.status_code == 200 and r.json()["items"][0]["title"] == subsidy.title


@pytest.mark.parametrize(
    "query",
    [
        {"agency": "gao\x00shawo"},
        {"level": "\x00"},
        {"category": "x\x00"},
        {"page": "99999999999999999999"},
        {"level": "nonsense"},
        {"agency": "x" * 500},
    ],
)
def test_the_api_refuses_nul_bytes_and_wild_values_with_a_400(client, subsidy, query):
    r = client.get("/api/items", query)
    assert r.status_code == 400, r.content
    assert r.json()["detail"]


def test_a_nul_byte_in_an_api_path_is_a_400_in_json(client, people):
    r = client.get("/api/agencies/gao%00shawo")
    assert r.status_code == 400 and "控制字符" in r.json()["detail"]


@pytest.mark.parametrize("year", BAD_YEARS)
def test_the_catalog_refuses_a_year_out_of_range_with_a_chinese_page(client, subsidy, year):
    r = client.get(reverse("portal:catalog", args=["gaoshawo"]), {"year": year})
    body = r.content.decode()
    assert r.status_code == 400 and "请求有误" in body and "年度应为 1990 至 2100" in body
    assert 'class="site-header"' in body  # the site's layout


@pytest.mark.parametrize("query", [{"level": "x"}, {"village": "-3"}, {"village": "1e9"}])
def test_the_catalog_refuses_bad_filters(client, subsidy, query):
    assert client.get(reverse("portal:catalog", args=["gaoshawo"]), query).status_code == 400


def test_search_names_a_bad_condition_and_still_searches_the_words(client, subsidy):
    for query in ({"year": "10000"}, {"year": "-1"}, {"level": "x"}, {"village": "1e9"}, {"page": "0"}):
        r = client.get(reverse("portal:search"), {"q": "补贴", **query})
        body = r.content.decode()
        assert r.status_code == 200 and "有误" in body and "已忽略这一条件" in body, query
        assert subsidy.title in re.sub(r"<[^>]+>", "", body), query  # the words still found it
    assert client.get(reverse("portal:search"), {"q": "低保\x00"}).status_code == 400


def test_a_report_version_out_of_range_is_a_400(client, people):
    r = client.get(reverse("reports:public-detail", args=["gaoshawo", 2025]), {"version": "99999999999999999999"})
    assert r.status_code == 400


def test_staff_lists_refuse_unknown_filters(client, people):
    client.force_login(people["alice"])
    assert client.get(reverse("disclosure:items"), {"state": "nonsense"}).status_code == 400
    assert client.get(reverse("applications:list"), {"status": "nonsense"}).status_code == 400
    assert client.get(reverse("disclosure:register", args=["tallies"]), {"year": "10000"}).status_code == 400
    client.force_login(people["erin"])
    r = client.get(reverse("reports:supervise"), {"year": "-1"})
    assert r.status_code == 400 and "年度应为" in r.content.decode()


def test_the_404_page_says_why_and_what_to_do_in_chinese(client, people):
    r = client.get("/gk/nowhere/")
    body = r.content.decode()
    assert r.status_code == 404 and "页面不存在" in body and "首页" in body and 'lang="zh-Hans"' in body
    assert "Not Found" not in body and "matches the given query" not in body


def test_the_403_page_says_why_and_what_to_do_in_chinese(client, people):
    client.force_login(people["dave"])
    r = client.get(reverse("reports:staff-list", args=["gaoshawo"]))
    body = r.content.decode()
    assert r.status_code == 403 and "没有访问权限" in body and "您没有权限执行此操作" in body
    assert "系统管理员" in body and "Forbidden" not in body


def test_the_500_page_is_chinese_and_the_api_answers_json(rf, people):
    from gongkai.errors import page_not_found, server_error

    r = server_error(rf.get("/gk/gaoshawo/"))
    assert r.status_code == 500 and "系统出错了" in r.content.decode() and "稍后再试" in r.content.decode()
    r = server_error(rf.get("/api/items"))
    assert r.status_code == 500 and "系统" in json.loads(r.content)["detail"]
    r = page_not_found(rf.get("/api/nowhere"), None)
    assert r.status_code == 404 and json.loads(r.content)["detail"]


def test_an_expired_form_is_a_chinese_403(people):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    r = client.post(reverse("login"), {"username": "alice", "password": "x"})
    assert r.status_code == 403 and "页面已过期" in r.content.decode()
