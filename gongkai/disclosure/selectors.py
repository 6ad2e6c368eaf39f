"""Reads of 主动公开: staff lists, public history, boards, and the statistics of section 二."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Q, When
from django.utils import timezone

from gongkai import rawsql
from gongkai.accounts.models import Agency, Region
from gongkai.accounts.permissions import agency_ids_where, memberships, scope, units_bound_q
from gongkai.core.report import formats

from .models import (
    Category,
    Channel,
    DecisionTally,
    FeeCollection,
    Item,
    ItemEvent,
    NormativeDocument,
    PowerListEntry,
    ProcurementProject,
)

S = Item.State


# ---- staff ----


def items_for(user, *, state=None, agency=None):
    """Items of the agencies where `user` may read them, newest first."""
    qs = scope(Item.objects.all(), user, "item.read").select_related("agency", "unit", "category", "region")
    if agency is not None:
        qs = qs.filter(agency=agency)
    if state:
        qs = qs.filter(state=state)
    return qs.order_by("-updated_at", "-pk")


def state_counts(user, *, agency=None, qs=None) -> dict:
    """{state: number of items}; `qs` narrows the count to a filtered list (the tabs then match it)."""
    if qs is None:
        qs = scope(Item.objects.all(), user, "item.read")
        if agency is not None:
            qs = qs.filter(agency=agency)
    return dict(qs.order_by().values_list("state").annotate(n=Count("id")).values_list("state", "n"))


# What waits for someone comes first in the default order of the staff list: the review steps,
# then drafts sent back, then drafts, scheduled, published, and what is off the site last.
ACTION_RANK = Case(
    When(state=S.OGI_REVIEW, then=0),
    When(state=S.LEADER_REVIEW, then=1),
    When(state=S.UNIT_REVIEW, then=2),
    When(state=S.DRAFT, then=3),
    When(state=S.SCHEDULED, then=4),
    When(state=S.PUBLISHED, then=5),
    default=6,
)


def overdue_q(today: date) -> Q:
    """Proactive items not published within their 20 working days, or published late."""
    pending = Q(published_at__isnull=True, due_on__lt=today, disclosure=Item.Disclosure.PROACTIVE) & ~Q(
        state__in=[S.WITHDRAWN, S.EXPIRED]
    )
    return pending | Q(is_late=True)


def category_and_children(category) -> list[int]:
    """Ids of `category` and every category below it (a catalog is a few hundred rows at most)."""
    by_parent: dict = {}
    for pk, parent in Category.objects.filter(agency_id=category.agency_id).values_list("pk", "parent_id"):
        by_parent.setdefault(parent, []).append(pk)
    ids, todo = [], [category.pk]
    while todo:
        pk = todo.pop()
        ids.append(pk)
        todo.extend(by_parent.get(pk, []))
    return ids


def items_filtered(qs, *, year=None, category=None, unit=None, village=None, overdue=False, today=None):
    """Narrow a staff item list. `village` includes its 自然村; `category` includes its children;
    `year` is the year the information was formed or changed."""
    if year:
        qs = qs.filter(formed_on__year=int(year))
    if category is not None:
        qs = qs.filter(category_id__in=category_and_children(category))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if village is not None:
        qs = qs.filter(Q(region=village) | Q(region__parent=village))
    if overdue:
        qs = qs.filter(overdue_q(today or timezone.localdate()))
    return qs


def pending_reviews(user) -> dict:
    """我的待办 of 主动公开: what waits for `user` at each step of the chain."""
    base = Item.objects.select_related("agency", "unit")
    agency_ids = {m.agency_id for m in memberships(user)}
    if user.is_superuser:
        return {"unit": base.none(), "leader": base.none(), "ogi": base.none(), "returned": base.none()}
    return {
        "unit": base.filter(state=S.UNIT_REVIEW, agency_id__in=agency_ids_where(user, "item.review_unit")).filter(
            units_bound_q(user, "item.review_unit")
        ),
        "leader": base.filter(state=S.LEADER_REVIEW, agency_id__in=agency_ids_where(user, "item.review_leader")).filter(
            units_bound_q(user, "item.review_leader")
        ),
        "ogi": base.filter(state=S.OGI_REVIEW, agency_id__in=agency_ids_where(user, "item.publish")),
        "returned": base.filter(state=S.DRAFT, created_by=user, agency_id__in=agency_ids).exclude(sent_back_reason=""),
    }


def overdue_unpublished(user, *, today=None, action="item.publish"):
    """Proactive items not yet published whose 20-working-day period has passed, in the agencies
    where `user` may `action` (the OGI office publishes; a supervising office "supervise"s)."""
    today = today or timezone.localdate()
    return (
        Item.objects.filter(
            agency_id__in=agency_ids_where(user, action),
            published_at__isnull=True,
            due_on__lt=today,
            disclosure=Item.Disclosure.PROACTIVE,
        )
        .exclude(state__in=[S.WITHDRAWN, S.EXPIRED])
        .select_related("unit", "agency")
    )


# ---- public history ----


@dataclass
class HistoryEntry:
    at: datetime
    kind: str  # "published", "corrected", "withdrawn", "expired", "validity"
    title: str
    note: str = ""
    version: int | None = None


def item_history(item) -> list[HistoryEntry]:
    """What the public may know of an item's life: versions, correction notes, withdrawal.
    Nothing about drafts or internal review."""
    entries = []
    for v in item.versions.all().order_by("number"):
        kind = "published" if v.number == 1 else "corrected"
        entries.append(HistoryEntry(v.published_at, kind, v.title, v.correction_note, v.number))
    public_actions = {
        ItemEvent.Action.WITHDRAW: "withdrawn",
        ItemEvent.Action.EXPIRE: "expired",
        ItemEvent.Action.VALIDITY: "validity",
    }
    for e in item.events.filter(verb__in=list(public_actions)).order_by("at", "pk"):
        if e.verb == ItemEvent.Action.EXPIRE and e.before.get("state") != S.PUBLISHED:
            continue
        if e.verb == ItemEvent.Action.VALIDITY:
            note = str(Item.Validity(e.after.get("validity", Item.Validity.VALID)).label)
        else:
            note = e.reason
        entries.append(HistoryEntry(e.at, public_actions[e.verb], item.title, note))
    return sorted(entries, key=lambda h: h.at)


# ---- village boards (村务公开栏) ----


def board_villages(*, agency: Agency):
    """Every 行政村(社区) of the agency's township: each has a board."""
    return Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE).order_by("code", "name")


def board_items(*, village: Region, now=None):
    """What is posted on the board of `village` now: published, not expired, channel 村务公开栏,
    at the village or one of its 自然村."""
    return (
        Item.objects.public(now)
        .filter(channels__code=Channel.VILLAGE_BOARD)
        .filter(Q(region=village) | Q(region__parent=village))
        .select_related("category", "unit", "region")
        .order_by("category__order", "-published_at", "pk")
    )


def board_counts(*, agency: Agency, now=None) -> list[tuple]:
    """[(village, number of posted items)] for every village of the agency, in two queries."""
    villages = list(board_villages(agency=agency))
    counts = dict(
        Item.objects.public(now)
        .filter(agency=agency, channels__code=Channel.VILLAGE_BOARD, region__isnull=False)
        .annotate(
            village_id=Case(
                When(region__level=Region.Level.HAMLET, then=F("region__parent_id")), default=F("region_id")
            )
        )
        .values("village_id")
        .annotate(n=Count("id"))
        .values_list("village_id", "n")
    )
    return [(v, counts.get(v.pk, 0)) for v in villages]


# ---- statistics ----


def channel_counts(*, agency: Agency, year: int) -> list[tuple[str, int]]:
    """[(channel name, items first published in `year` on it)] for every channel, in order.
    Counted from the agency's items of the year (a range of an index): joining every channel to
    every item first read all the items of all agencies (20 s a report at 2,000,000 items)."""
    counts = dict(
        Item.channels.through.objects.filter(item__agency=agency, item__published_at__year=year)
        .values_list("channel_id")
        .annotate(n=Count("pk"))
    )
    channels = Channel.objects.order_by("order", "pk").values_list("pk", "name")
    return [(name, counts.get(pk, 0)) for pk, name in channels]


def published_count(*, agency: Agency, year: int) -> int:
    """Items first published in `year`, on any channel (the narrative's 累计公开信息 N 条)."""
    return Item.objects.filter(agency=agency, published_at__year=year).count()


def late_counts(*, year: int, agencies=None) -> list[dict]:
    """Per agency: items first published in `year`, and how many of them late (逾期公开), by name.
    Counted per agency id alone and from the indexed columns only, so that PostgreSQL reads the
    (agency, published_at, is_late) index alone (COUNT(id) needs the table) and groups 300 agencies
    (grouped by the agency's name too, it sorted every item of the year: 6 s of the roll-up at
    2,000,000 items); the names are read after."""
    qs = Item.objects.filter(published_at__year=year)
    if agencies is not None:
        qs = qs.filter(agency__in=agencies)
    late = Count("is_late", filter=Q(is_late=True))
    rows = qs.values("agency_id").annotate(published=Count("*"), late=late).order_by()
    counts = {r["agency_id"]: r for r in rows}
    names = Agency.objects.filter(pk__in=counts).order_by("name", "pk").values_list("pk", "name")
    return [
        {"agency_id": pk, "agency": name, "published": counts[pk]["published"], "late": counts[pk]["late"]}
        for pk, name in names
    ]


def _wan(amount) -> Decimal:
    """元 → 万元, two decimals (the 2021 format's unit), converted once here."""
    return (Decimal(amount or 0) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


# The registers behind section 二 in one query, a GROUP BY per register joined by UNION ALL: per
# agency, register and kind, up to five counts and an amount in 元 (fees and procurement have no
# kind: ''). documents: made, published, public at the year's end, repealed, in force at the end;
# powers: listed the year before, listed in the year; decisions: their number; procurement: projects.
# (PostgreSQL types a UNION's columns from its first SELECT onwards: hence the typed NULL amount.)
_REGISTERS_SQL = """
    SELECT 'documents', agency_id, kind,
           SUM(CASE WHEN made_on >= %(first)s AND made_on <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN published_on >= %(first)s AND published_on <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN published_on <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN repealed_on >= %(first)s AND repealed_on <= %(end)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN made_on <= %(end)s AND (repealed_on IS NULL OR repealed_on > %(end)s) THEN 1 ELSE 0 END),
           CAST(NULL AS DECIMAL(16, 2))
    FROM {documents} WHERE agency_id IN ({ids}) GROUP BY agency_id, kind
    UNION ALL
    SELECT 'powers', agency_id, kind, SUM(CASE WHEN year = %(before)s THEN 1 ELSE 0 END),
           SUM(CASE WHEN year = %(year)s THEN 1 ELSE 0 END), NULL, NULL, NULL, NULL
    FROM {powers} WHERE agency_id IN ({ids}) AND year IN (%(before)s, %(year)s) GROUP BY agency_id, kind
    UNION ALL
    SELECT 'decisions', agency_id, kind, SUM("count"), NULL, NULL, NULL, NULL, NULL
    FROM {decisions} WHERE agency_id IN ({ids}) AND year = %(year)s GROUP BY agency_id, kind
    UNION ALL
    SELECT 'fees', agency_id, '', NULL, NULL, NULL, NULL, NULL, SUM(amount)
    FROM {fees} WHERE agency_id IN ({ids}) AND year = %(year)s GROUP BY agency_id
    UNION ALL
    SELECT 'procurement', agency_id, '', COUNT(*), NULL, NULL, NULL, NULL, SUM(amount)
    FROM {procurement} WHERE agency_id IN ({ids}) AND year = %(year)s GROUP BY agency_id"""
_NOTHING = ((0, 0, 0, 0, 0), None)


def _measures_by_agency(*, agency_ids: list, year: int) -> dict:
    """{agency id: {measure: kind → number}} of the registers behind section 二, in one grouped
    query whatever the number of agencies (hand-written: see gongkai/rawsql.py)."""
    found: dict = {pk: {} for pk in agency_ids}
    if not agency_ids:
        return found
    ids, params = rawsql.in_list("agency", agency_ids)
    params.update(first=date(year, 1, 1), end=date(year, 12, 31), year=year, before=year - 1)
    sql = _REGISTERS_SQL.format(
        ids=ids,
        documents=rawsql.table(NormativeDocument),
        powers=rawsql.table(PowerListEntry),
        decisions=rawsql.table(DecisionTally),
        fees=rawsql.table(FeeCollection),
        procurement=rawsql.table(ProcurementProject),
    )
    for register, agency_id, kind, *counts, amount in rawsql.fetch(NormativeDocument, sql, params):
        found[agency_id][(register, kind)] = (counts, amount)
    return {pk: _measures(registers) for pk, registers in found.items()}


def _measures(registers: dict) -> dict:
    """{measure: kind → number} of one agency, from its grouped rows {(register, kind): (counts,
    amount)}."""

    def count(register, i):
        return lambda kind: registers.get((register, kind), _NOTHING)[0][i] or 0

    def amount(register):
        return lambda kind: _wan(rawsql.money(registers.get((register, ""), _NOTHING)[1]))

    return {
        formats.MEASURE_MADE: count("documents", 0),
        formats.MEASURE_PUBLISHED: count("documents", 1),
        formats.MEASURE_PUBLIC_AT_END: count("documents", 2),
        formats.MEASURE_REPEALED: count("documents", 3),
        formats.MEASURE_IN_FORCE_AT_END: count("documents", 4),
        formats.MEASURE_LISTED_BEFORE: count("powers", 0),
        formats.MEASURE_LISTED_CHANGE: lambda kind: count("powers", 1)(kind) - count("powers", 0)(kind),
        formats.MEASURE_DECISIONS: count("decisions", 0),
        formats.MEASURE_FEES_WAN: amount("fees"),
        formats.MEASURE_PROCUREMENT_COUNT: lambda kind: count("procurement", 0)(""),
        formats.MEASURE_PROCUREMENT_WAN: amount("procurement"),
    }


def section_two(*, agency: Agency, year: int, report_format: str) -> dict:
    """The tables of section 二 (主动公开政府信息情况) of the format, in one query: each cell is
    the measure its column declares, of the register kind its row declares. Amounts are in 万元
    (2021's 20.8, 2019's 20.9)."""
    return section_two_by_agency(agencies=[agency], year=year, report_format=report_format)[agency.pk]


def section_two_by_agency(*, agencies, year: int, report_format: str) -> dict:
    """{agency id: section 二's tables} for many agencies in the same one query (the roll-up)."""
    tables = formats.proactive_tables(formats.get_format(report_format))
    by_agency = _measures_by_agency(agency_ids=[a.pk for a in agencies], year=year)
    return {
        pk: {t.code: {r.code: {c.code: measures[c.measure](r.code) for c in t.columns} for r in t.rows} for t in tables}
        for pk, measures in by_agency.items()
    }


def _records(*, agency: Agency, year: int, measure: str, kind: str):
    end = date(year, 12, 31)
    docs = NormativeDocument.objects.filter(agency=agency, kind=kind)
    entries = PowerListEntry.objects.filter(agency=agency, kind=kind)
    records = {
        formats.MEASURE_MADE: lambda: docs.filter(made_on__year=year),
        formats.MEASURE_PUBLISHED: lambda: docs.filter(published_on__year=year),
        formats.MEASURE_PUBLIC_AT_END: lambda: docs.filter(published_on__lte=end),
        formats.MEASURE_REPEALED: lambda: docs.filter(repealed_on__year=year),
        formats.MEASURE_IN_FORCE_AT_END: lambda: docs.filter(
            Q(made_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))
        ),
        formats.MEASURE_LISTED_BEFORE: lambda: entries.filter(year=year - 1),
        formats.MEASURE_LISTED_CHANGE: lambda: entries.filter(year__in=[year - 1, year]),
        formats.MEASURE_DECISIONS: lambda: DecisionTally.objects.filter(agency=agency, year=year, kind=kind),
        formats.MEASURE_FEES_WAN: lambda: FeeCollection.objects.filter(agency=agency, year=year),
        formats.MEASURE_PROCUREMENT_COUNT: lambda: ProcurementProject.objects.filter(agency=agency, year=year),
        formats.MEASURE_PROCUREMENT_WAN: lambda: ProcurementProject.objects.filter(agency=agency, year=year),
    }
    return records[measure]()


def cell_records(*, agency: Agency, year: int, table: str, row: str, column: str):
    """The records behind one cell of section 二 (drill-down from a report)."""
    try:
        declared_row, declared_column = formats.proactive_cell(table, row, column)
    except KeyError:
        raise ValueError(f"no records behind cell {table}/{row}/{column}") from None
    return _records(agency=agency, year=year, measure=declared_column.measure, kind=declared_row.code)


def unread_attachments(item) -> list:
    """Attachments whose text could not be read: a person must look at them before publishing."""
    return list(item.attachments.exclude(text_problem=""))
