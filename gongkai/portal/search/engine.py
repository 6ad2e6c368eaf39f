import html
import re
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Q, Value
from django.db.models.fields import FloatField
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.disclosure.models import Category, Item

from ..models import SearchDoc
from . import tokenize
from .backends import backend
from .highlight import highlight

MAX_QUERY = 100
PAGE_SIZE = 20
SUGGESTED_TERMS = ["涉农补贴", "临时救助", "低保", "危房改造", "扶贫资金", "预算"]
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


# ---- keeping the index in step --------------------------------------------------------------


def plain_text(body):
    return html.unescape(strip_tags(body or ""))


def category_names(agency_ids):
    """{category id: "涉农补贴 重点领域信息 …"}: the names on each category's path, in one query."""
    rows = {pk: (name, parent) for pk, name, parent in
            Category.objects.filter(agency_id__in=agency_ids).values_list("pk", "name", "parent_id")}
    out = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            names.append(rows[node][0])
            node = rows[node][1]
        out[pk] = " ".join(names)
    return out


def document_fields(item, categories=None):
    attachments = "\n".join(a.text for a in item.attachments.all() if a.text)
    text = "\n".join(filter(None, [item.title, item.doc_number, plain_text(item.body), attachments]))
    village = item.village
    # Where it applies is searchable too (长流墩村 补贴), though it is not part of the snippet text.
    places = " ".join(filter(None, [item.region.name if item.region_id else "", village.name if village else ""]))
    # ... and so is the catalog category (涉农补贴 finds the items filed under 涉农补贴).
    categories = categories if categories is not None else category_names([item.agency_id])
    places += " " + categories.get(item.category_id, "")
    published_at = item.published_at or timezone.now()
    return {
        "agency_id": item.agency_id,
        "category_id": item.category_id,
        "year": timezone.localtime(published_at).year,
        "level": item.level,
        "village_id": village.pk if village else None,
        "published_at": published_at,
        "title": item.title,
        "text": text,
        # The title counts twice, so that a word in the title ranks above one in the body only.
        "tokens": " ".join(
            tokenize.index_tokens(item.title) * 2 + tokenize.index_tokens(text) + tokenize.index_tokens(places)
        ),
    }


def index_item(item):
    """Insert, update or remove the item's document, whichever its current state calls for."""
    item = Item.objects.select_related("region__parent", "category").filter(pk=item.pk).first()
    if item is None:
        return
    with transaction.atomic():
        if Item.objects.public().filter(pk=item.pk).exists():
            SearchDoc.objects.update_or_create(item=item, defaults=document_fields(item))
        else:
            SearchDoc.objects.filter(item=item).delete()


def reindex(agency=None):
    """Rebuild the documents of every public item (of one agency); returns how many are indexed.
    Existing rows are updated in place (their ids stay), so running it twice changes nothing."""
    tokenize.reset_place_names()
    items = Item.objects.public().select_related("region__parent", "category").prefetch_related("attachments")
    stale = SearchDoc.objects.exclude(item__in=Item.objects.public())
    if agency is not None:
        items, stale = items.filter(agency=agency), stale.filter(agency=agency)
    fields = ["agency_id", "category_id", "year", "level", "village_id", "published_at", "title", "text", "tokens"]
    count = 0
    with transaction.atomic():
        stale.delete()
        existing = dict(SearchDoc.objects.values_list("item_id", "id"))
        new, changed = [], []
        names = category_names(items.values("agency_id"))
        for item in items.iterator(chunk_size=200):
            doc = SearchDoc(item_id=item.pk, **document_fields(item, names))
            if item.pk in existing:
                doc.pk = existing[item.pk]
                changed.append(doc)
            else:
                new.append(doc)
            count += 1
        SearchDoc.objects.bulk_create(new, batch_size=200)
        SearchDoc.objects.bulk_update(changed, [f.removesuffix("_id") if f.endswith("_id") else f for f in fields],
                                      batch_size=200)
    return count


# ---- searching --------------------------------------------------------------------------------


@dataclass
class Query:
    text: str = ""
    tokens: list = field(default_factory=list)  # matched by the full-text index
    substrings: list = field(default_factory=list)  # single characters and quoted phrases
    messages: list = field(default_factory=list)
    # Per token, its alternatives (the token, and each synonym as its finest words): what the
    # backends match; see tokenize.synonyms().
    groups: list = field(default_factory=list)
    synonyms: list = field(default_factory=list)  # the other terms a token stands for (highlighted)

    @property
    def empty(self):
        return not self.tokens and not self.substrings

    @property
    def marks(self):
        return self.tokens + self.substrings + self.synonyms


def parse_query(raw):
    text = " ".join((raw or "").split())
    query = Query(text=text)
    if len(text) > MAX_QUERY:
        text = query.text = text[:MAX_QUERY]
        query.messages.append(_("查询词过长，只按前 %(n)d 个字查找。") % {"n": MAX_QUERY})
    table = tokenize.synonyms() if text else {}  # first: a group added since makes its words jieba words
    phrases = [p.strip() for p in _QUOTED.findall(text) if p.strip()]
    rest = _QUOTED.sub(" ", text)
    for phrase in phrases:
        query.substrings.append(phrase)
        query.tokens.extend(t for t in tokenize.query_tokens(phrase) if len(t) > 1)
    for token in tokenize.query_tokens(rest):
        if len(token) > 1:
            query.tokens.append(token)
        else:
            query.substrings.append(token)
    query.tokens = list(dict.fromkeys(query.tokens))
    query.substrings = list(dict.fromkeys(query.substrings))
    _expand(query, table)
    if text and query.empty:
        query.messages.append(_("查询词中没有可以查找的文字，请输入汉字、字母或数字。"))
    return query


def _expand(query, table):
    """Each token with its synonyms (低保 → 最低生活保障, 城乡低保 …) as alternatives."""
    for token in query.tokens:
        alternatives = [[token]]
        if token in table:
            # also its finest words: an item indexed before the term became a dictionary word
            alternatives.append(tokenize.finest_tokens(token))
        for term in table.get(token, []):
            if term.lower() != token:
                alternatives.append(tokenize.finest_tokens(term))
                query.synonyms.append(term)
        query.groups.append([list(a) for a in dict.fromkeys(tuple(a) for a in alternatives)])


@dataclass
class Results:
    query: Query
    page: object = None
    total: int = 0
    sort: str = "relevance"
    facets: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)


def _public_docs():
    # Joined with the item's own state, so a stale document can never show a withdrawn item.
    return SearchDoc.objects.filter(item__in=Item.objects.public())


def _filtered(queryset, filters):
    lookups = {
        "agency": "agency", "category": "category", "year": "year", "level": "level", "village": "village",
    }
    for key, lookup in lookups.items():
        value = filters.get(key)
        if value not in (None, ""):
            queryset = queryset.filter(**{lookup: value})
    return queryset


def matching(query, queryset=None):
    queryset = _public_docs() if queryset is None else queryset
    if query.tokens:
        queryset = backend().matching(queryset, query.groups or query.tokens)
    for sub in query.substrings:
        queryset = queryset.filter(Q(title__icontains=sub) | Q(text__icontains=sub))
    return queryset


def search(*, query, sort="relevance", page=1, page_size=PAGE_SIZE, **filters):
    """Published items matching every word of `query`, filtered by agency, category, year, level,
    village. `query` is a raw string or a parsed Query."""
    query = query if isinstance(query, Query) else parse_query(query)
    results = Results(query=query, sort="date" if sort == "date" else "relevance")
    if query.empty:
        return results
    hits = _filtered(matching(query), filters)
    if results.sort == "date" or not query.tokens:
        ordered = hits.annotate(rank=Value(0.0, output_field=FloatField())).order_by("-published_at", "-id")
    else:
        ordered = backend().ranked(hits, query.groups or query.tokens).order_by("-rank", "-published_at", "-id")
    ordered = ordered.select_related("agency", "category", "village", "item")
    paginator = Paginator(ordered, page_size)
    results.page = paginator.get_page(page)
    results.total = paginator.count
    for doc in results.page.object_list:
        doc.title_html = highlight(doc.title, query.marks, width=300)
        doc.snippet = highlight(doc.text[len(doc.title):], query.marks)
    results.facets = _facets(hits)
    if results.total == 0:
        results.suggestions = _suggestions(query, filters)
    return results


def _facets(hits):
    """Counts per agency and per year of the matching documents, by the database (GROUP BY)."""
    agencies = hits.order_by().values("agency__slug", "agency__name").annotate(n=Count("id")).order_by("-n")
    years = hits.order_by().values("year").annotate(n=Count("id")).order_by("-year")
    return {"agencies": list(agencies), "years": list(years)}


def _suggestions(query, filters):
    """When nothing matches: each word alone (with its count), without the filters, or common terms."""
    out = []
    words = query.tokens + query.substrings
    if len(words) > 1:
        for word in words[:5]:
            single = parse_query(word)
            n = _filtered(matching(single), filters).count()
            if n:
                out.append({"query": word, "count": n, "kind": "word"})
    if any(filters.get(k) not in (None, "") for k in ("category", "year", "level", "village")):
        n = matching(query).filter(**({"agency": filters["agency"]} if filters.get("agency") else {})).count()
        if n:
            out.append({"query": query.text, "count": n, "kind": "unfiltered"})
    if not out:
        out.extend({"query": term, "count": None, "kind": "common"} for term in SUGGESTED_TERMS)
    return out
