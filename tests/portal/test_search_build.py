"""A first build of the search index (engine.build, what bench/generate.py runs) makes the same
documents and the same full-text index as the per-item path the app uses (index_item on publish),
and leaves that path working."""

import pytest
from django.db import connection

from gongkai.portal.models import SearchDoc
from gongkai.portal.search import engine, search
from gongkai.portal.search.backends import FTS_TABLE

pytestmark = pytest.mark.django_db

WORDS = ["补贴", "临时救助", "低保", "长流墩村", "公示", "预算", "“补助资金”"]


@pytest.fixture
def items(publish):
    return [
        publish(
            "2025年高沙窝镇涉农补贴发放情况公示", "<p>耕地地力保护补贴按每亩标准发放到户。</p>", village="长流墩村"
        ),
        publish("长流墩村临时救助名单公示", "<p>临时救助对象如下。</p>", category="relief", village="长流墩村"),
        publish("高沙窝镇农村危房改造补贴资金公示", "<p>危房改造补助资金已拨付。</p>"),
        publish("关于调整低保标准的通知", "<p>城乡低保标准每人每月提高。</p>", category="relief"),
        publish("高沙窝镇2025年财政预算", "<p>一般公共预算收入与支出。</p>", category="budget"),
        publish("大水坑镇涉农补贴发放公示", "<p>补贴标准。</p>", agency="dashuikeng"),
    ]


def documents():
    """{item id: the document's searchable fields} as stored."""
    fields = ["title", "text", "tokens", "agency_id", "category_id", "year", "village_id", "expires_at"]
    return {row["item_id"]: row for row in SearchDoc.objects.values("item_id", *fields)}


def full_text_entries():
    """SQLite: every (item, term, offset) the FTS5 index holds, read from its own vocabulary
    table (by item, since a rebuilt document gets a new row id); PostgreSQL: None (its vector is
    computed by the database from `tokens`)."""
    if connection.vendor != "sqlite":
        return None
    with connection.cursor() as cursor:
        cursor.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.vocab USING fts5vocab(main, {FTS_TABLE}, instance)")
        cursor.execute("SELECT d.item_id, v.term, v.offset FROM temp.vocab v JOIN portal_searchdoc d ON d.id = v.doc")
        return sorted(cursor.fetchall())


def found():
    return {word: sorted(doc.item_id for doc in search(query=word).page.object_list) for word in WORDS}


def test_a_first_build_writes_what_publishing_each_item_writes(items, publish):
    per_item = (documents(), full_text_entries(), found())
    assert len(per_item[0]) == len(items) and all(per_item[2].values())
    assert per_item[1] is None or len(per_item[1]) > 50
    SearchDoc.objects.all().delete()
    assert found() == {word: [] for word in WORDS}

    assert engine.build() == len(items)

    assert (documents(), full_text_entries(), found()) == per_item
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:  # the index agrees with its content table, row by row
            cursor.execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    # afterwards, publishing an item indexes it at once again (the triggers are back)
    later = publish("高沙窝镇耕地地力保护补贴第二批公示", "<p>第二批补贴名单。</p>")
    assert later.pk in [doc.item_id for doc in search(query="第二批").page.object_list]


def test_a_second_build_rewrites_nothing(items):
    before = dict(SearchDoc.objects.values_list("item_id", "id"))
    engine.build()
    assert dict(SearchDoc.objects.values_list("item_id", "id")) == before
    assert found()["补贴"]
