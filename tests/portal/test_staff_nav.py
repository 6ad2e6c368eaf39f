"""The staff navigation in the page header: each person sees, once, the pages they may open."""

import re

import pytest

LABELS = ["我的待办", "依申请公开", "主动公开", "年度报告", "期限计算器", "督查汇总"]


def nav_of(client, user, path="/staff/"):
    if user is not None:
        client.force_login(user)
    page = client.get(path).content.decode()
    header = page[page.index('<nav aria-label="主导航">') :]
    header = header[: header.index("</nav>")]
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', header)


def labels(links):
    return [label for _url, label in links]


@pytest.mark.parametrize("path", ["/staff/", "/gk/gaoshawo/"])  # a staff page and a portal page
def test_alice_sees_her_office_pages_once_each(client, people, path):
    links = nav_of(client, people["alice"], path)
    shown = labels(links)
    for label in ["我的待办", "依申请公开", "主动公开", "年度报告", "期限计算器", "评议审核", "开放日管理"]:
        assert shown.count(label) == 1, (label, shown)
    assert "督查汇总" not in shown and "系统管理" not in shown
    assert ("/staff/applications/", "依申请公开") in links
    assert ("/staff/reports/", "年度报告") in links
    assert ("/staff/deadline/", "期限计算器") in links


def test_erin_of_the_county_office_sees_the_supervision_pages(client, people):
    shown = labels(nav_of(client, people["erin"]))
    assert shown.count("督查汇总") == 1 and "依申请公开" in shown and "年度报告" in shown
    assert "主动公开" in shown  # she reads the townships' 主动公开 (issue 13) …
    assert "评议审核" not in shown  # … and edits nothing there


def test_bob_the_clerk_sees_only_what_a_clerk_uses(client, people):
    shown = labels(nav_of(client, people["bob"]))
    assert {"我的待办", "主动公开", "年度报告", "期限计算器"} <= set(shown)
    assert "依申请公开" not in shown and "督查汇总" not in shown and "评议审核" not in shown


def test_every_nav_link_opens_for_the_person_who_sees_it(client, people):
    for name in ("alice", "bob", "erin", "henry"):
        for url, label in nav_of(client, people[name]):
            if url.startswith("/staff/"):
                assert client.get(url, follow=True).status_code == 200, (name, label, url)


def test_a_visitor_sees_only_the_login_link(client, people):
    shown = labels(nav_of(client, None, "/gk/gaoshawo/"))
    assert "工作人员登录" in shown and not set(LABELS) & set(shown)
