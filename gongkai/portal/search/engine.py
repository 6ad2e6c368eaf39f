import html
import logging
import re
from dataclasses import dataclass, field

from collections import Counter

from django.core.paginator import Paginator
from django.db import connections, router, transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext as _

from gongkai.accounts.models import Agency
from gongkai.disclosure.models import Category, Item, ItemAttachment

from ..models import SearchDoc
from . import tokenize
from .backends import backend, writing_in_bulk
from .highlight import highlight

log = logging.getLogger(__name__)
MAX_QUERY = 100
PAGE_SIZE = 20
SUGGESTED_TERMS = ["涉农补贴", "临时救助", "低保", "危房改造", "扶贫资金", "预算"]
_QUOTED = re.compile(r"[\"“”「」『』]([^\"“”「」『』]+)[\"“”「」『』]")


# ---- keeping the index in step --------------------------------------------------------------


def plain_text(body):
    return html.unescape(strip_tags(body or ""))


def category_names(agency_ids):
    """{category id: "涉农补贴 重点领域信息 …"}: the names on each category's path, in one query."""
    rows = {
        pk: (name, parent)
        for pk, name, parent in Category.objects.filter(agency_id__in=agency_ids).values_list("pk", "name", "parent_id")
    }
    out = {}
    for pk in rows:
        names, node, seen = [], pk, set()
        while node is not None and node not in seen:
            seen.add(node)
            names.append(rows[node][0])
            node = rows[node][1]
        out[pk] = " ".join(names)
    return out


def document_fields(item, categories=None, attachments=None):
    """The SearchDoc values of `item`; `categories` from category_names(), `attachments` the texts of
    its current attachments (both read here when not given)."""
    if attachments is None:
        attachments = [a.text for a in item.attachments.all()]
    attachments = "\n".join(text for text in attachments if text)
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
        "expires_at": item.expires_at,
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


REINDEX_BATCH = 500
DOC_FIELDS = ["agency", "category", "year", "level", "village", "published_at", "expires_at", "title", "text", "tokens"]


def reindex(agency=None, batch_size=REINDEX_BATCH):
    """Rebuild the documents of every public item (of one agency); returns how many are indexed.
    Streams: items are read in batches by primary key, each batch written in its own transaction,
    so memory holds one batch whatever the number of items (and a search meanwhile sees every
    document, old or new). Existing rows are updated in place (their ids stay), so running it
    twice changes nothing."""
    tokenize.reset_place_names()
    public = Item.objects.public()
    # Each document's item looked up by key (NOT EXISTS): `exclude(item__in=public)` made SQLite
    # collect every public item's id first, 50 s at 1,700,000 items even for one agency.
    stale = SearchDoc.objects.exclude(Exists(public.filter(pk=OuterRef("item_id")).order_by()))
    if agency is not None:
        public, stale = public.filter(agency=agency), stale.filter(agency=agency)
    stale.delete()
    names = category_names(public.values("agency_id").distinct())
    count, last = 0, 0
    while True:
        items = list(public.filter(pk__gt=last).order_by("pk").select_related("region__parent")[:batch_size])
        if not items:
            return count
        _index_batch(items, names)
        count += len(items)
        last = items[-1].pk


def build(batch_size=REINDEX_BATCH):
    """reindex() for a first build of many documents (bench/generate.py): the full-text index is
    made once at the end rather than kept in step per document (backends.writing_in_bulk); the
    documents and what search finds are the same as reindex() writes."""
    with writing_in_bulk():
        return reindex(batch_size=batch_size)


def _index_batch(items, names):
    """Write the batch's documents: new ones inserted, changed ones updated, the ones already as
    they should be left alone (a second run rewrites nothing). The attachments' texts are read in
    one query for the batch."""
    ids = [item.pk for item in items]
    texts: dict = {}
    for item_id, text in ItemAttachment.objects.filter(item_id__in=ids).values_list("item_id", "text"):
        texts.setdefault(item_id, []).append(text)
    columns = [SearchDoc._meta.get_field(name).attname for name in DOC_FIELDS]
    existing = {
        row[0]: row[1:] for row in SearchDoc.objects.filter(item_id__in=ids).values_list("item_id", "id", *columns)
    }
    new, changed = [], []
    for item in items:
        fields = document_fields(item, names, texts.get(item.pk, []))
        stored = existing.get(item.pk)
        if stored is None:
            new.append(SearchDoc(item_id=item.pk, **fields))
        elif list(stored[1:]) != [fields[c] for c in columns]:
            changed.append(SearchDoc(pk=stored[0], item_id=item.pk, **fields))
    if not new and not changed:
        return  # no write transaction either: on SQLite it would take the write lock for nothing
    with transaction.atomic():
        SearchDoc.objects.bulk_create(new)
        SearchDoc.objects.bulk_update(changed, DOC_FIELDS)


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
    capped: bool = False  # more than COUNT_CAP matches: `total` is COUNT_CAP, shown as "1,000 条以上"
    sort: str = "relevance"
    facets: dict = field(default_factory=dict)
    suggestions: list = field(default_factory=list)


# Counting every match of a common word is what grows with the data; past this many the page
# says "more than" and offers the filters instead, and pages go no deeper than this.
COUNT_CAP = 1000
# Ranking orders the newest this many matches: relevance weighs recency anyway (see backends.py),
# and every page a reader can reach (COUNT_CAP) lies inside it.
RANK_WINDOW = 2 * COUNT_CAP
FILTERS = {
    "agency": "d.agency_id",
    "category": "d.category_id",
    "year": "d.year",
    "level": "d.level",
    "village": "d.village_id",
}


def _like(text):
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def _hits(query, filters, *, ranked):
    """(FROM … WHERE … SQL, params, rank SQL, rank params) of the public documents matching
    `query` and `filters`: one pass over the documents alone, driven by the full-text index when
    there are words. Only public items have documents (index_item deletes the others) and a
    document carries its item's expiry, so the item table is not joined: joined, PostgreSQL hashed
    the whole item table for every common word. The page's items are checked once more when they
    are loaded (RankedHits.__getitem__)."""
    db, now = backend(), timezone.now()
    if query.tokens:
        from_sql, match, params, rank, rank_params = db.source(query.groups or query.tokens, now)
        where = [match]
    else:
        from_sql, where, params, rank, rank_params = db.plain_source(), [], [], "0.0", []
    where.append("(d.expires_at IS NULL OR d.expires_at > %s)")
    params.append(db.time(now))
    for key, column in FILTERS.items():
        value = filters.get(key)
        if value not in (None, ""):
            where.append(f"{column} = %s")
            params.append(getattr(value, "pk", value))
    for sub in query.substrings:
        where.append(f"({db.contains('d.title')} OR {db.contains('d.text')})")
        params += [_like(sub), _like(sub)]
    sql = f" FROM {from_sql} WHERE " + " AND ".join(where)
    if not ranked:
        rank, rank_params = "0.0", []
    return sql, params, rank, rank_params


class RankedHits:
    """The matches in their order, read one page at a time (Paginator slices it): the rank is
    computed inside the one query, LIMIT/OFFSET cut it, and only the page's documents are loaded."""

    def __init__(self, query, filters, *, ranked, total):
        self.query, self.filters, self.ranked, self.total = query, filters, ranked, total

    def count(self):
        return self.total

    def __len__(self):
        return self.total

    def sql(self, start, stop):
        """The page's query: (SQL, params) of (document id, rank) rows, best first. The rank is
        computed for the RANK_WINDOW newest matches only (the index hands them over newest
        first and stops there), so a word found in every document costs what a rare one does."""
        sql, params, rank, rank_params = _hits(self.query, self.filters, ranked=self.ranked)
        page = [stop - start, start]
        if not self.query.tokens:  # single characters and phrases only: newest first, by the date index
            return f"SELECT d.id, 0.0{sql} ORDER BY d.published_at DESC, d.id DESC LIMIT %s OFFSET %s", params + page
        order = "rank DESC, published_at DESC, id DESC" if self.ranked else "published_at DESC, id DESC"
        window = (
            f"SELECT d.id AS id, d.published_at AS published_at, {rank} AS rank{sql} "
            f"ORDER BY {backend().newest_first} LIMIT {RANK_WINDOW}"
        )
        return f"SELECT id, rank FROM ({window}) w ORDER BY {order} LIMIT %s OFFSET %s", rank_params + params + page

    def __getitem__(self, window):
        with _reader().cursor() as cursor:
            cursor.execute(*self.sql(window.start or 0, window.stop))
            ranks = dict(cursor.fetchall())
        docs = SearchDoc.objects.select_related("agency", "category", "village", "item").in_bulk(list(ranks))
        items = [doc.item_id for doc in docs.values()]
        # Unordered: with the items' default order (newest first) SQLite walked the index of every
        # published item to find these 20 (a second at 1,700,000 items) instead of reading them by key.
        public = set(Item.objects.public().filter(pk__in=items).order_by().values_list("pk", flat=True))
        out = []
        for pk, rank in ranks.items():
            doc = docs.get(pk)
            if doc is None or doc.item_id not in public:
                # A document whose item is no longer public (its index update failed): never shown.
                log.warning("search document %s is stale: its item %s is not public", pk, doc and doc.item_id)
                continue
            doc.rank = rank
            out.append(doc)
        return out


def _reader():
    """The database the documents are read from (a read replica for the public, when there is one)."""
    return connections[router.db_for_read(SearchDoc)]


def _counted(query, filters):
    """(how many matches, up to COUNT_CAP + 1; their (agency, year) pairs), in one bounded query."""
    sql, params, _rank, _params = _hits(query, filters, ranked=False)
    with _reader().cursor() as cursor:
        cursor.execute(f"SELECT d.agency_id, d.year{sql} LIMIT %s", params + [COUNT_CAP + 1])
        return cursor.fetchall()


def count(query, filters=None):
    """How many public documents match, counted up to COUNT_CAP + 1."""
    return len(_counted(query, filters or {}))


def search(*, query, sort="relevance", page=1, page_size=PAGE_SIZE, **filters):
    """Published items matching every word of `query`, filtered by agency, category, year, level,
    village. `query` is a raw string or a parsed Query. Every part is bounded by the page: one
    ranked query for the page shown, snippets for its documents only, and the count and the
    facets from at most COUNT_CAP + 1 matches."""
    query = query if isinstance(query, Query) else parse_query(query)
    results = Results(query=query, sort="date" if sort == "date" else "relevance")
    if query.empty:
        return results
    pairs = _counted(query, filters)
    results.capped = len(pairs) > COUNT_CAP
    results.total = min(len(pairs), COUNT_CAP)
    ranked = results.sort == "relevance" and bool(query.tokens)
    paginator = Paginator(RankedHits(query, filters, ranked=ranked, total=results.total), page_size)
    results.page = paginator.get_page(page)
    for doc in results.page.object_list:
        doc.title_html = highlight(doc.title, query.marks, width=300)
        doc.snippet = highlight(doc.text[len(doc.title) :], query.marks)
    results.facets = _facets(pairs, filters) if not results.capped else _facets_uncounted(filters)
    if results.total == 0:
        results.suggestions = _suggestions(query, filters)
    return results


def _facets(pairs, filters):
    """Counts per agency and per year of the (at most COUNT_CAP) matches."""
    agencies = Counter(agency for agency, _year in pairs)
    years = Counter(year for _agency, year in pairs)
    names = {a.pk: a for a in Agency.objects.filter(pk__in=agencies)}
    return {
        "agencies": [
            {"agency__slug": names[pk].slug, "agency__name": names[pk].name, "n": n} for pk, n in agencies.most_common()
        ],
        "years": [{"year": year, "n": n} for year, n in sorted(years.items(), reverse=True)],
    }


def _facets_uncounted(filters):
    """More matches than are counted: each year and each public agency, without counts, to narrow by.
    The years are the span of the index (MIN/MAX read the year index, not the documents)."""
    first = SearchDoc.objects.order_by("year").values_list("year", flat=True).first()
    last = SearchDoc.objects.order_by("-year").values_list("year", flat=True).first()
    years = range(last, first - 1, -1) if first else []
    agencies = Agency.objects.order_by("level", "name")
    return {
        "agencies": [{"agency__slug": a.slug, "agency__name": a.name, "n": None} for a in agencies],
        "years": [{"year": year, "n": None} for year in years],
    }


def _suggestions(query, filters):
    """When nothing matches: each word alone (with its count), without the filters, or common terms."""
    out = []
    words = query.tokens + query.substrings
    if len(words) > 1:
        # A single character alone is found by reading every document (no index holds it): not
        # counted, so that a query with no match costs what one with matches does.
        for word in [w for w in words if len(w) > 1][:5]:
            n = count(parse_query(word), filters)
            if n:
                out.append({"query": word, "count": n, "kind": "word"})
    if any(filters.get(k) not in (None, "") for k in ("category", "year", "level", "village")):
        n = count(query, {"agency": filters["agency"]} if filters.get("agency") else {})
        if n:
            out.append({"query": query.text, "count": n, "kind": "unfiltered"})
    if not out:
        out.extend({"query": term, "count": None, "kind": "common"} for term in SUGGESTED_TERMS)
    return out
