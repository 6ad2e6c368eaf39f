"""Staff lists: one way to page, search, filter and sort a queryset from the query string.

Every staff list (items, applications, appeals, reports, feedback, registers) reads the same
parameters — ``q`` (search), ``sort``, ``page`` and its own filters — so links, the pager and the
"共 N 条" count behave alike everywhere. The count is the paginator's count of the filtered
queryset: what the list says it holds is what the pages reach.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.db.models import Q

PER_PAGE = 50
MAX_QUERY = 100  # characters of a search; longer input is cut, never a 500
MAX_TERMS = 5


@dataclass(frozen=True)
class Sort:
    label: str
    order_by: tuple


@dataclass
class Filter:
    """A <select> of the filter form: `options` are (value, label); `value` is the chosen one or ""."""

    name: str
    label: str
    options: list
    value: str = ""


@dataclass
class Listing:
    page: object
    q: str
    sort: str
    sorts: list
    filters: list = field(default_factory=list)
    params: dict = field(default_factory=dict)
    keep: dict = field(default_factory=dict)

    @property
    def active(self) -> bool:
        """A search or a filter narrows the list (the form offers to clear them)."""
        return bool(self.q or any(f.value for f in self.filters))

    @property
    def clear_url(self) -> str:
        return "?" + urlencode(self.keep)

    @property
    def total(self) -> int:
        return self.page.paginator.count

    def url(self, **changes) -> str:
        """The query string of this list with `changes` (None removes a parameter)."""
        params = {**self.params, **changes}
        return "?" + urlencode({k: v for k, v in params.items() if v not in (None, "")})

    def page_url(self, number) -> str:
        return self.url(page=number)

    @property
    def first_url(self):
        return self.page_url(1)

    @property
    def last_url(self):
        return self.page_url(self.page.paginator.num_pages)

    @property
    def previous_url(self):
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_url(self):
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else ""


def search_terms(text: str) -> list[str]:
    return (text or "")[:MAX_QUERY].split()[:MAX_TERMS]


def search(qs, text: str, fields: tuple[str, ...]):
    """Every whitespace-separated term must occur (icontains) in one of `fields`."""
    for term in search_terms(text):
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": term})
        qs = qs.filter(condition)
    return qs


def choice(request, name: str, allowed) -> str:
    """The value of GET parameter `name` ("" when absent); a value not among `allowed` is a 400
    with a Chinese message (gongkai.web.choice_param), as on every page."""
    from gongkai.web import choice_param

    return choice_param(request, name, [str(a) for a in allowed])


def year_choice(request, years) -> str:
    return choice(request, "year", [str(y) for y in years])


def listing(
    request,
    qs,
    *,
    sorts: dict,
    search_fields: tuple = (),
    filters: list = (),
    keep: dict | None = None,
    per_page: int = PER_PAGE,
) -> Listing:
    """Search, sort and page `qs` (already filtered by the caller from `filters`).

    `sorts` maps a key to a Sort; the first key is the default order. `keep` adds parameters the
    links must carry (e.g. the agency). A page number out of range shows the last page."""
    q = (request.GET.get("q") or "").strip()[:MAX_QUERY]
    if search_fields:
        qs = search(qs, q, search_fields)
    sort = request.GET.get("sort", "")
    if sort not in sorts:
        sort = next(iter(sorts))
    qs = qs.order_by(*sorts[sort].order_by)
    page = Paginator(qs, per_page).get_page(request.GET.get("page"))
    params = {**(keep or {}), **{f.name: f.value for f in filters}, "q": q}
    if sort != next(iter(sorts)):
        params["sort"] = sort
    return Listing(
        page=page,
        q=q,
        sort=sort,
        sorts=[(k, s.label) for k, s in sorts.items()],
        filters=list(filters),
        params=params,
        keep=dict(keep or {}),
    )
