"""Search on the demo portal: the relevance set (bench/relevance.py, ≥40 queries) holds its
figures, synonyms find what their short forms find, and equally relevant items come newest first."""

import io

import pytest
from django.core.management import call_command

from bench.relevance import QUERIES, SAME_AS, evaluate, summary
from gongkai.portal.search import engine

pytestmark = pytest.mark.django_db


@pytest.fixture
def indexed_demo(demo):
    call_command("search_reindex", stdout=io.StringIO())


def found(query):
    results = engine.search(query=query, page_size=1000)
    return [doc.item_id for doc in results.page.object_list] if results.page else []


def test_the_relevance_set_and_the_synonyms(indexed_demo):
    assert len(QUERIES) >= 40
    figures = summary(evaluate())
    assert figures["precision_at_10"] >= 0.9 and figures["recall"] >= 0.9, figures
    for query, same_as in SAME_AS:
        assert found(query) and set(found(query)) == set(found(same_as)), (query, same_as)
    # equally relevant monthly lists come newest first
    docs = engine.search(query="城乡低保动态管理", page_size=50).page.object_list
    dates = [d.published_at for d in docs]
    assert dates == sorted(dates, reverse=True)
    # the snippet marks the word the document uses, though the query used its synonym
    first = engine.search(query="最低生活保障").page.object_list[0]
    assert "<mark>城乡低保</mark>" in first.title_html
    # an administrator adds a group: it works at once
    from gongkai.portal.models import SearchSynonym

    assert found("劳务招聘") == []
    SearchSynonym.objects.create(terms="公益性岗位/劳务招聘")
    assert found("劳务招聘") == found("公益性岗位") != []


def test_a_synonym_group_needs_two_terms():
    from django.core.exceptions import ValidationError

    from gongkai.portal.models import SearchSynonym

    with pytest.raises(ValidationError, match="至少填写两个说法"):
        SearchSynonym(terms="低保").full_clean()
    group = SearchSynonym(terms="两癌筛查／宫颈癌和乳腺癌筛查， 两癌检查")
    group.full_clean()
    assert group.terms == "两癌筛查/宫颈癌和乳腺癌筛查/两癌检查"
