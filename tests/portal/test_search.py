"""The search interface, on whichever database runs the tests (SQLite FTS5 or PostgreSQL)."""

import pytest

from gongkai.portal.search import parse_query, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def items(publish):
    return {
        "subsidy": publish(
            "2025年高沙窝镇涉农补贴发放情况公示", "<p>耕地地力保护补贴按每亩标准发放到户。</p>", village="长流墩村"
        ),
        "relief": publish(
            "长流墩村临时救助名单公示",
            "<p>经村民代表评议，临时救助对象如下。</p>",
            category="relief",
            village="长流墩村",
        ),
        "house": publish("高沙窝镇农村危房改造补贴资金公示", "<p>危房改造补助资金已拨付。</p>"),
        "budget": publish("高沙窝镇2025年财政预算", "<p>一般公共预算收入与支出。</p>", category="budget"),
        "low": publish("关于调整低保标准的通知", "<p>城乡低保标准每人每月提高。</p>", category="relief"),
        "other": publish("大水坑镇涉农补贴发放公示", "<p>补贴标准。</p>", agency="dashuikeng"),
        "draft": publish("高沙窝镇涉农补贴草稿", "<p>补贴</p>", state="draft"),
    }


def titles(results):
    return {doc.title for doc in results.page.object_list}


def test_it_finds_the_subsidy_items_by_a_two_character_word(items):
    found = titles(search(query="补贴"))
    assert {items["subsidy"].title, items["house"].title, items["other"].title} <= found
    assert items["draft"].title not in found


def test_it_finds_a_compound_and_its_parts(items):
    assert items["relief"].title in titles(search(query="临时救助"))
    assert items["relief"].title in titles(search(query="救助"))
    assert items["house"].title in titles(search(query="危房改造"))
    assert items["house"].title in titles(search(query="改造"))
    assert items["subsidy"].title in titles(search(query="涉农补贴"))


def test_two_character_words_match(items):
    assert titles(search(query="预算")) == {items["budget"].title}
    assert titles(search(query="低保")) == {items["low"].title}


def test_every_word_of_a_query_must_match(items):
    assert titles(search(query="涉农补贴 长流墩村")) == {items["subsidy"].title}


def test_a_quoted_phrase_matches_as_written(items):
    assert titles(search(query="“补助资金”")) == {items["house"].title}
    assert titles(search(query="“资金补助”")) == set()


def test_filters_narrow_the_results(items, catalog):
    from gongkai.accounts.models import Agency

    gaoshawo = Agency.objects.get(slug="gaoshawo")
    assert items["other"].title not in titles(search(query="补贴", agency=gaoshawo))
    assert titles(search(query="公示", category=catalog[("gaoshawo", "relief")])) == {items["relief"].title}
    assert titles(search(query="公示", village=items["relief"].region)) == {
        items["relief"].title,
        items["subsidy"].title,
    }
    assert titles(search(query="公示", level="town", agency=gaoshawo)) == {items["house"].title}
    assert titles(search(query="补贴", year=2024)) == set()


def test_snippets_escape_html_and_mark_the_match(publish):
    publish("补贴<script>alert(1)</script>发放", "<p>每亩补贴 &lt;b&gt; 100 元</p>")
    doc = search(query="补贴").page.object_list[0]
    assert "<script>" not in doc.title_html and "&lt;script&gt;" in doc.title_html
    assert "<mark>补贴</mark>" in doc.title_html and "<mark>补贴</mark>" in doc.snippet
    assert "&lt;b&gt;" in doc.snippet


def test_the_date_order_puts_the_newest_first(items):
    results = search(query="补贴", sort="date")
    dates = [d.published_at for d in results.page.object_list]
    assert dates == sorted(dates, reverse=True)


def test_a_title_match_ranks_above_a_body_match(publish):
    body_only = publish("关于发放的说明", "<p>本次为补贴资金。</p>")
    in_title = publish("补贴资金发放公示", "<p>见附表。</p>")
    ordered = [d.item_id for d in search(query="补贴").page.object_list]
    assert ordered.index(in_title.pk) < ordered.index(body_only.pk)


def test_symbols_only_give_a_message_not_an_error(items):
    results = search(query="!!!@@@###（）——")
    assert results.total == 0 and results.query.messages


def test_a_very_long_query_is_cut_with_a_message(items):
    results = search(query="补贴" * 200)
    assert len(results.query.text) == 100 and "过长" in results.query.messages[0]


def test_a_query_with_no_result_suggests_something(items):
    results = search(query="补贴 航天飞机")
    assert results.total == 0
    assert any(s["query"] == "补贴" and s["count"] for s in results.suggestions)


def test_a_withdrawn_item_drops_out(items):
    from gongkai.disclosure.models import Item
    from gongkai.disclosure.signals import item_unpublished

    item = items["budget"]
    Item.objects.filter(pk=item.pk).update(state=Item.State.WITHDRAWN)
    item.refresh_from_db()
    item_unpublished.send(sender=Item, item=item)
    assert titles(search(query="预算")) == set()


def test_reindex_rebuilds_the_index(items):
    from django.core.management import call_command

    from gongkai.portal.models import SearchDoc

    SearchDoc.objects.all().delete()
    assert search(query="补贴").total == 0
    call_command("search_reindex")
    assert search(query="补贴").total == 3


def test_single_characters_match_as_text(items):
    assert items["low"].title in titles(search(query="低"))
    assert parse_query("低").substrings == ["低"]


def test_the_index_follows_corrections_and_withdrawals(publish, people, django_capture_on_commit_callbacks):
    from gongkai.disclosure import services

    item = publish("高沙窝镇2025年草原补奖公示", "<p>补奖资金。</p>")
    alice = people["alice"]
    with django_capture_on_commit_callbacks(execute=True):
        services.item_correct(actor=alice, item=item, note="更正标题", title="高沙窝镇2025年危房改造补助公示")
    assert titles(search(query="危房改造")) == {"高沙窝镇2025年危房改造补助公示"}
    assert search(query="草原").total == 0
    with django_capture_on_commit_callbacks(execute=True):
        services.item_withdraw(actor=alice, item=item, reason="重复发布")
    assert search(query="危房改造").total == 0


def test_past_the_count_cap_the_page_says_more_than_and_still_ranks(items, client, monkeypatch):
    from gongkai.portal.search import engine

    monkeypatch.setattr(engine, "COUNT_CAP", 2)
    results = search(query="补贴")
    assert results.capped and results.total == 2
    assert len(results.page.object_list) == 2 and all("补贴" in t for t in titles(results))
    page = client.get("/search/", {"q": "补贴"}).content.decode()
    assert "找到 2 条以上政府信息" in page
    # the facets still narrow the search, without counts
    assert "按机关：" in page and "大水坑镇（" not in page
    narrowed = search(query="补贴", agency=items["other"].agency)
    assert not narrowed.capped and titles(narrowed) == {items["other"].title}


def test_the_page_query_is_driven_by_the_full_text_index(items):
    """The plan on either database, with 3,000 other published documents about: the index finds
    the matches, then each match's document and item are read by key; no table is scanned whole."""
    from django.db import connection

    from gongkai.disclosure.models import Item
    from gongkai.portal.models import SearchDoc
    from gongkai.portal.search import engine

    model = items["budget"]
    others = Item.objects.bulk_create(
        [
            Item(
                agency=model.agency,
                category=model.category,
                unit=model.unit,
                title=f"第{n}号公示",
                formed_on=model.formed_on,
                state=Item.State.PUBLISHED,
                published_at=model.published_at,
                version=1,
            )
            for n in range(3000)
        ]
    )
    SearchDoc.objects.bulk_create(
        [
            SearchDoc(
                item=item,
                agency=item.agency,
                year=2025,
                published_at=item.published_at,
                title=item.title,
                text=item.title,
                tokens=f"第 {item.pk} 号 公示 名单",
            )
            for item in others
        ]
    )
    sql, params = engine.RankedHits(parse_query("补贴"), {}, ranked=True, total=0).sql(0, 20)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE portal_searchdoc")
            cursor.execute("ANALYZE disclosure_item")
            cursor.execute("EXPLAIN (VERBOSE) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "Bitmap Index Scan on portal_searchdoc_tsv" in plan and "Seq Scan" not in plan, plan
            # matching and ranking read the stored vector: no row's tokens are segmented again
            assert "to_tsvector" not in plan and "ts_rank(d.tsv" in plan, plan
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
            steps = [row[-1] for row in cursor.fetchall()]
            scans = [step for step in steps if step.startswith("SCAN") and step != "SCAN w"]  # w: the window
            assert len(scans) == 1 and scans[0].startswith("SCAN portal_searchdoc_fts VIRTUAL TABLE"), steps
    assert titles(search(query="补贴")) == {items[k].title for k in ("subsidy", "house", "other")}


def test_a_full_reindex_streams_in_batches_and_keeps_the_documents(items):
    from gongkai.disclosure.models import Item
    from gongkai.portal.models import SearchDoc
    from gongkai.portal.search import reindex

    before = dict(SearchDoc.objects.values_list("item_id", "id"))
    Item.objects.filter(pk=items["budget"].pk).update(state=Item.State.WITHDRAWN)
    Item.objects.filter(pk=items["low"].pk).update(title="关于调整城乡低保标准的通知")
    assert reindex(batch_size=2) == 5
    after = dict(SearchDoc.objects.values_list("item_id", "id"))
    assert items["budget"].pk not in after and items["draft"].pk not in after
    assert all(after[pk] == before[pk] for pk in after)  # updated in place
    assert titles(search(query="城乡低保")) == {"关于调整城乡低保标准的通知"}
    assert titles(search(query="预算")) == set()


def test_the_stored_vector_follows_each_change_of_a_document(items):
    """PostgreSQL keeps the searched vector in a column: after a correction, a withdrawal and a
    full reindex it still holds what the tokens say (and SQLite's FTS table follows its triggers)."""
    from gongkai.disclosure.models import Item
    from gongkai.portal.search import index_item, reindex

    item = items["budget"]
    Item.objects.filter(pk=item.pk).update(title="高沙窝镇2025年部门决算公开", body="<p>部门决算说明。</p>")
    index_item(item)
    assert titles(search(query="部门决算")) == {"高沙窝镇2025年部门决算公开"}
    assert titles(search(query="收入")) == set()
    Item.objects.filter(pk=items["low"].pk).update(state=Item.State.WITHDRAWN)
    index_item(items["low"])
    assert titles(search(query="低保")) == set()
    Item.objects.filter(pk=items["low"].pk).update(state=Item.State.PUBLISHED)
    reindex()
    assert titles(search(query="低保")) == {items["low"].title}
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM portal_searchdoc WHERE tsv IS DISTINCT FROM to_tsvector('simple'::regconfig, tokens)"
            )
            assert cursor.fetchone()[0] == 0


def test_an_expired_item_drops_out_and_a_stale_document_never_shows(items, clock):
    """Search reads no item row: an item's expiry travels with its document, and a document left
    behind by a failed index update is dropped when its page is loaded."""
    from datetime import timedelta

    from django.utils import timezone

    from gongkai.disclosure.models import Item
    from gongkai.portal.search import index_item

    Item.objects.filter(pk=items["house"].pk).update(expires_at=timezone.now() + timedelta(hours=1))
    index_item(items["house"])
    assert items["house"].title in titles(search(query="补贴"))
    clock.traveller.shift(timedelta(hours=2))
    assert items["house"].title not in titles(search(query="补贴"))
    Item.objects.filter(pk=items["other"].pk).update(state=Item.State.WITHDRAWN)  # no index update
    assert titles(search(query="补贴")) == {items["subsidy"].title}


def test_documents_are_segmented_run_by_run_as_jieba_segments_them_whole():
    """The index's tokens come from a bounded cache of runs (one segmentation per distinct run of
    Han characters, letters and digits): the same tokens jieba gives the whole text."""
    import jieba

    from gongkai.portal.search import tokenize

    text = "红星村2025年3月耕地地力保护补贴发放公示\n涉及农户 37 户，资金 111070 元，通过“一卡通”发放。名单：朱**、孙**。0953-6088671 ABC"
    whole = tokenize._clean(jieba.cut_for_search(text))
    assert tokenize.index_tokens(text) == whole
    assert tokenize.index_tokens(text) == whole  # and again, from the cache


def test_a_new_dictionary_word_is_not_hidden_by_runs_segmented_before():
    from gongkai.portal.search import tokenize

    before = tokenize.index_tokens("沙窝滩羊养殖合作社补贴公示")
    assert "沙窝滩羊养殖合作社" not in before
    tokenize.add_place_names(["沙窝滩羊养殖合作社"])
    assert "沙窝滩羊养殖合作社" in tokenize.index_tokens("沙窝滩羊养殖合作社补贴公示")


def test_a_second_full_reindex_rewrites_nothing(items):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.portal.search import reindex

    reindex(batch_size=3)
    with CaptureQueriesContext(connection) as captured:
        assert reindex(batch_size=3) == 6
    writes = [q["sql"] for q in captured if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE"))]
    assert writes == []
