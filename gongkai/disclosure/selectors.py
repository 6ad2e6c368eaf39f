"""Reads of 主动公开: staff lists, public history, boards, and the statistics of section 二."""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case, Count, F, Q, Sum, When
from django.utils import timezone

from gongkai.accounts.models import Agency, Region
from gongkai.accounts.permissions import agency_ids_where, memberships, scope, units_bound_q

from .models import (
    Channel, DecisionTally, FeeCollection, Item, ItemEvent, NormativeDocument, PowerKind, PowerListEntry,
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


def state_counts(user, *, agency=None) -> dict:
    qs = scope(Item.objects.all(), user, "item.read")
    if agency is not None:
        qs = qs.filter(agency=agency)
    return dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))


def pending_reviews(user) -> dict:
    """我的待办 of 主动公开: what waits for `user` at each step of the chain."""
    base = Item.objects.select_related("agency", "unit")
    agency_ids = {m.agency_id for m in memberships(user)}
    if user.is_superuser:
        return {"unit": base.none(), "leader": base.none(), "ogi": base.none(), "returned": base.none()}
    return {
        "unit": base.filter(state=S.UNIT_REVIEW, agency_id__in=agency_ids_where(user, "item.review_unit"))
        .filter(units_bound_q(user, "item.review_unit")),
        "leader": base.filter(state=S.LEADER_REVIEW, agency_id__in=agency_ids_where(user, "item.review_leader"))
        .filter(units_bound_q(user, "item.review_leader")),
        "ogi": base.filter(state=S.OGI_REVIEW, agency_id__in=agency_ids_where(user, "item.publish")),
        "returned": base.filter(state=S.DRAFT, created_by=user, agency_id__in=agency_ids).exclude(sent_back_reason=""),
    }


def overdue_unpublished(user, *, today=None):
    """Proactive items not yet published whose 20-working-day period has passed (OGI office view)."""
    today = today or timezone.localdate()
    return (
        Item.objects.filter(agency_id__in=agency_ids_where(user, "item.publish"), published_at__isnull=True, due_on__lt=today,
                            disclosure=Item.Disclosure.PROACTIVE)
        .exclude(state__in=[S.WITHDRAWN, S.EXPIRED])
        .select_related("unit")
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
        ItemEvent.Action.WITHDRAW: "withdrawn", ItemEvent.Action.EXPIRE: "expired",
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
        .annotate(village_id=Case(When(region__level=Region.Level.HAMLET, then=F("region__parent_id")),
                                  default=F("region_id")))
        .values("village_id").annotate(n=Count("id")).values_list("village_id", "n")
    )
    return [(v, counts.get(v.pk, 0)) for v in villages]


# ---- statistics ----


def channel_counts(*, agency: Agency, year: int) -> list[tuple[str, int]]:
    """[(channel name, items first published in `year` on it)] for every channel, in order."""
    rows = (
        Channel.objects.annotate(
            n=Count("items", filter=Q(items__agency=agency, items__published_at__year=year))
        ).order_by("order", "pk").values_list("name", "n")
    )
    return list(rows)


def published_count(*, agency: Agency, year: int) -> int:
    """Items first published in `year`, on any channel (the narrative's 累计公开信息 N 条)."""
    return Item.objects.filter(agency=agency, published_at__year=year).count()


def late_counts(*, year: int, agencies=None) -> list[dict]:
    """Per agency: items first published in `year`, and how many of them late (逾期公开)."""
    qs = Item.objects.filter(published_at__year=year)
    if agencies is not None:
        qs = qs.filter(agency__in=agencies)
    rows = qs.values("agency_id", "agency__name").annotate(
        published=Count("id"), late=Count("id", filter=Q(is_late=True))
    ).order_by("agency__name")
    return [
        {"agency_id": r["agency_id"], "agency": r["agency__name"], "published": r["published"], "late": r["late"]}
        for r in rows
    ]


def _year_bounds(year):
    return date(year, 1, 1), date(year, 12, 31)


def _wan(amount) -> Decimal:
    """元 → 万元, two decimals (the 2021 format's unit), converted once here."""
    return (Decimal(amount or 0) / Decimal(10000)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def section_two(*, agency: Agency, year: int, report_format: str) -> dict:
    """The tables of section 二 (主动公开政府信息情况) with LAW.md codes, in five queries.

    2019 format: 20.9 `amount` is in 万元 like 2021's 20.8 `amount_wan`.
    """
    start, end = _year_bounds(year)
    docs = {
        r["kind"]: r for r in NormativeDocument.objects.filter(agency=agency).values("kind").annotate(
            made=Count("id", filter=Q(made_on__year=year)),
            published=Count("id", filter=Q(published_on__year=year)),
            total=Count("id", filter=Q(published_on__lte=end)),
            repealed=Count("id", filter=Q(repealed_on__year=year)),
            in_force=Count("id", filter=Q(made_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end))),
        )
    }
    powers = {
        r["kind"]: r for r in PowerListEntry.objects.filter(agency=agency, year__in=[year - 1, year]).values("kind")
        .annotate(prev=Count("id", filter=Q(year=year - 1)), cur=Count("id", filter=Q(year=year)))
    }
    decisions = dict(
        DecisionTally.objects.filter(agency=agency, year=year).values("kind").annotate(n=Sum("count"))
        .values_list("kind", "n")
    )
    fees = FeeCollection.objects.filter(agency=agency, year=year).aggregate(amount=Sum("amount"))
    procurement = ProcurementProject.objects.filter(agency=agency, year=year).aggregate(n=Count("id"), amount=Sum("amount"))

    def doc(kind, key):
        return docs.get(kind, {}).get(key, 0)

    def prev(kind):
        return powers.get(kind, {}).get("prev", 0)

    def change(kind):
        row = powers.get(kind, {})
        return row.get("cur", 0) - row.get("prev", 0)

    def dec(kind):
        return decisions.get(kind) or 0

    K = PowerKind
    if str(report_format) == "2019":
        return {
            "20.1": {k: {"made": doc(k, "made"), "published": doc(k, "published"), "total": doc(k, "total")}
                     for k in ("rules", "normative")},
            "20.5": {k: {"prev_items": prev(k), "change": change(k), "decisions": dec(k)}
                     for k in (K.LICENSE, K.OTHER_SERVICE)},
            "20.6": {k: {"prev_items": prev(k), "change": change(k), "decisions": dec(k)}
                     for k in (K.PENALTY, K.COERCION)},
            "20.8": {"fees": {"prev_items": prev(K.FEE), "change": change(K.FEE)}},
            "20.9": {"procurement": {"items": procurement["n"] or 0, "amount": _wan(procurement["amount"])}},
        }
    if str(report_format) == "2021":
        return {
            "20.1": {k: {"issued": doc(k, "made"), "repealed": doc(k, "repealed"), "in_force": doc(k, "in_force")}
                     for k in ("rules", "normative")},
            "20.5": {"license": {"decisions": dec(K.LICENSE)}},
            "20.6": {k: {"decisions": dec(k)} for k in (K.PENALTY, K.COERCION)},
            "20.8": {"fees": {"amount_wan": _wan(fees["amount"])}},
        }
    raise ValueError(f"unknown report format: {report_format}")


def cell_records(*, agency: Agency, year: int, table: str, row: str, column: str):
    """The records behind one cell of section 二 (drill-down from a report)."""
    start, end = _year_bounds(year)
    if table == "20.1" and row in ("rules", "normative"):
        docs = NormativeDocument.objects.filter(agency=agency, kind=row)
        filters = {
            "made": Q(made_on__year=year), "issued": Q(made_on__year=year),
            "published": Q(published_on__year=year), "total": Q(published_on__lte=end),
            "repealed": Q(repealed_on__year=year),
            "in_force": Q(made_on__lte=end) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=end)),
        }
        if column in filters:
            return docs.filter(filters[column])
    power_rows = {"20.5": ("license", "other_service"), "20.6": ("penalty", "coercion"), "20.8": ("fees",)}
    if table in power_rows and row in power_rows[table]:
        entries = PowerListEntry.objects.filter(agency=agency, kind=row)
        if column == "prev_items":
            return entries.filter(year=year - 1)
        if column == "change":
            return entries.filter(year__in=[year - 1, year])
        if column == "decisions" and table != "20.8":
            return DecisionTally.objects.filter(agency=agency, year=year, kind=row)
        if column == "amount_wan" and table == "20.8":
            return FeeCollection.objects.filter(agency=agency, year=year)
    if table == "20.9" and row == "procurement" and column in ("items", "amount"):
        return ProcurementProject.objects.filter(agency=agency, year=year)
    raise ValueError(f"no records behind cell {table}/{row}/{column}")

