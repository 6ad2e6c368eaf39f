"""Chinese word segmentation for the search index, with jieba.

The same function segments documents and queries, so both backends (SQLite FTS5 and PostgreSQL
full-text search) see exactly the same tokens: only runs of letters and digits, lower-cased,
separated by single spaces. Neither backend's own tokenizer then has anything left to decide.
"""

import functools
import logging
import re
import threading

import jieba

from gongkai.accounts.models import Agency, Region

jieba.setLogLevel(logging.WARNING)

# Terms of disclosure work that jieba's dictionary splits or misses. Indexed with cut_for_search,
# both the compound (涉农补贴) and its parts (涉农, 补贴) are tokens, so either query finds it.
DOMAIN_WORDS = [
    "涉农补贴",
    "临时救助",
    "危房改造",
    "扶贫资金",
    "低保",
    "特困供养",
    "高龄津贴",
    "残疾人补贴",
    "一事一议",
    "村务公开",
    "党务公开",
    "财务公开",
    "政务公开",
    "政府信息公开",
    "依申请公开",
    "主动公开",
    "耕地地力保护补贴",
    "草原生态补奖",
    "惠民惠农",
    "脱贫攻坚",
    "乡村振兴",
    "征地拆迁",
    "土地承包",
    "占地补偿",
    "计生服务",
    "两委换届",
    "公开栏",
    "查询机",
    "开放日",
    "年度报告",
    "财政预算",
    "财政决算",
    "三公经费",
    "专项资金",
    "产业扶持",
    "以工代赈",
    "医疗救助",
    "教育救助",
    "生态移民",
]
PLACE_SUFFIXES = ("社区", "村", "镇", "乡", "县", "街道", "人民政府")

_WORD = re.compile(r"[^\W_]+")
_lock = threading.Lock()
_places_loaded = False

_domain_loaded = False


def load_domain_words():
    """Once per process, before the first segmentation: adding a word makes jieba read its whole
    dictionary (about 60 MB and a few seconds), which a process that never segments (a report
    computed, a command, a worker) then never pays at start-up (issue 15)."""
    global _domain_loaded
    if _domain_loaded:
        return
    with _lock:
        if not _domain_loaded:
            _add_words(DOMAIN_WORDS)
            _domain_loaded = True


# jieba segments each run of Han characters, letters and digits on its own (its `cut` splits the
# text at this pattern first), so a document's tokens are its runs' tokens in order. Runs repeat
# across documents (公示期, 涉及农户, a place's monthly title): each distinct run is segmented
# once. Bounded: a few MB at most, whatever the number of documents.
_RUN = jieba.re_han_default
RUN_CACHE = 20_000


@functools.lru_cache(maxsize=RUN_CACHE)
def _run_tokens(run):
    return tuple(_clean(jieba.cut_for_search(run)))


def _add_words(words):
    """New dictionary words change how runs are cut: forget the runs segmented before."""
    for word in words:
        jieba.add_word(word, freq=50000)
    _run_tokens.cache_clear()


def add_place_names(names):
    """Teach jieba the names of places and agencies (高沙窝镇 and 高沙窝, 长流墩村 and 长流墩)."""
    words = []
    for name in names:
        if not name or len(name) < 2:
            continue
        words.append(name)
        for suffix in PLACE_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                words.append(name[: -len(suffix)])
    _add_words(words)


def load_place_names():
    """Once per process: the regions and agencies in the database become dictionary words."""
    global _places_loaded
    load_domain_words()
    if _places_loaded:
        return
    with _lock:
        if _places_loaded:
            return
        add_place_names(Region.objects.values_list("name", flat=True))
        for name, short in Agency.objects.values_list("name", "short_name"):
            add_place_names([name, short])
        _places_loaded = True


_synonym_words: set = set()


def synonyms():
    """{term: [every term of its group]} from the 检索同义词 table (a small table, read per query,
    so an administrator's new group works at once in every process). Each term also becomes a
    jieba word, so a query of it stays one token."""
    from gongkai.portal.models import SearchSynonym, split_terms

    out = {}
    for terms in SearchSynonym.objects.values_list("terms", flat=True):
        group = split_terms(terms)
        for term in group:
            out.setdefault(term.lower(), [])
            out[term.lower()].extend(t for t in group if t not in out[term.lower()])
    new = {t for t in out if t not in _synonym_words}
    if new:
        load_domain_words()
        with _lock:
            _add_words(new)
            _synonym_words.update(new)
    return out


def load_synonym_words():
    """Once per process before indexing: the synonym terms are dictionary words (jieba's user
    dictionary), so documents are cut at them too."""
    if not _synonym_words:
        try:
            synonyms()
        except Exception:  # the table does not exist yet (before the migration ran)
            pass


def finest_tokens(term):
    """The smallest dictionary words of `term` (最低生活保障 → 最低 生活 保障): present in every
    document that contains the term, whichever dictionary it was indexed with."""
    load_domain_words()
    tokens = list(dict.fromkeys(_clean(jieba.cut_for_search(term))))
    return [t for t in tokens if not any(o != t and o in t for o in tokens)] or [term.lower()]


def reset_place_names():
    global _places_loaded
    _places_loaded = False


def _clean(tokens):
    out = []
    for token in tokens:
        out.extend(part.lower() for part in _WORD.findall(token))
    return out


def index_tokens(text):
    """Tokens of a document: every word and, for long words, their shorter dictionary words."""
    load_place_names()
    load_synonym_words()
    return [token for run in _RUN.split(text or "") if run for token in _run_tokens(run)]


def query_tokens(text):
    """Tokens of a query, in order, without repeats (precise mode: 涉农补贴 stays one word)."""
    load_place_names()
    load_synonym_words()
    seen, out = set(), []
    for token in _clean(jieba.cut(text or "")):
        if token not in seen:
            seen.add(token)
            out.append(token)
    return out
