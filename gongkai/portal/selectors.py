"""Reads of the portal."""

from django.db.models import Avg, Count, Q, Sum
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext as _

from gongkai.accounts import permissions
from gongkai.accounts.models import Agency, Region
from gongkai.accounts.todo import TodoEntry, TodoSection
from gongkai.disclosure.catalog import tree_order
from gongkai.disclosure.models import Category, Item
from gongkai.disclosure.selectors import category_and_children

from .models import Feedback, OpenDay, OpenDayOpinion, OpenDayRegistration


def open_day_counts(*, agency, year):
    """政府开放日 of `agency` held in `year`: {"events", "participants", "opinions", "answered"}.

    Participants are the attendance entered after the event, or the registrations where none was
    entered. Three aggregate queries whatever the number of events.
    """
    events = OpenDay.objects.filter(agency=agency, published=True, starts_at__year=year)
    with_attendance = events.filter(participants_attended__isnull=False)
    attended = with_attendance.aggregate(n=Coalesce(Sum("participants_attended"), 0))["n"]
    registered = OpenDayRegistration.objects.filter(
        open_day__in=events.filter(participants_attended__isnull=True)
    ).count()
    opinions = OpenDayOpinion.objects.filter(open_day__in=events).aggregate(
        n=Count("id"), answered=Count("id", filter=~Q(answer=""))
    )
    return {
        "events": events.count(),
        "participants": attended + registered,
        "opinions": opinions["n"],
        "answered": opinions["answered"],
    }


def public_open_days(agency):
    return (
        OpenDay.objects.filter(agency=agency, published=True)
        .annotate(registered=Count("registrations", distinct=True))
        .order_by("-starts_at")
    )


def public_feedback(item):
    """Approved comments with the office's reply; never who wrote them (nothing personal is kept)."""
    return Feedback.objects.filter(item=item, status=Feedback.Status.APPROVED).order_by("-created_at")


def feedback_summary(item):
    return (
        Feedback.objects.filter(item=item)
        .exclude(status=Feedback.Status.REJECTED)
        .aggregate(n=Count("id"), average=Avg("rating"))
    )


def pending_feedback(user, agency=None):
    queryset = permissions.scope(
        Feedback.objects.filter(status=Feedback.Status.PENDING), user, "feedback.moderate"
    ).select_related("item", "agency")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return queryset.order_by("created_at")


def unanswered_opinions(user):
    return permissions.scope(
        OpenDayOpinion.objects.filter(answer=""), user, "openday.edit", field="open_day__agency"
    ).select_related("open_day")


def todo_sections(user):
    sections = []
    pending = list(pending_feedback(user)[:50])
    if pending:
        sections.append(
            TodoSection(
                title=_("待审核的监督评议"),
                order=60,
                entries=[
                    TodoEntry(
                        title=f.item.title, url=reverse("portal:staff-feedback"), note=_("评分 %(r)d") % {"r": f.rating}
                    )
                    for f in pending
                ],
            )
        )
    opinions = list(unanswered_opinions(user)[:50])
    if opinions:
        sections.append(
            TodoSection(
                title=_("待答复的政府开放日意见"),
                order=61,
                entries=[
                    TodoEntry(
                        title=o.content[:40],
                        url=reverse("portal:staff-openday", args=[o.open_day_id]),
                        note=o.open_day.title,
                    )
                    for o in opinions
                ],
            )
        )
    return sections


# ---- the catalog ------------------------------------------------------------------------------


def public_agencies():
    return Agency.objects.select_related("region").order_by("level", "name")


def public_items(agency=None):
    """Items the public may read now (published, not expired; invalidated ones stay readable)."""
    queryset = Item.objects.public().select_related("agency", "category", "unit", "region__parent")
    if agency is not None:
        queryset = queryset.filter(agency=agency)
    return queryset.order_by("-published_at", "-pk")


def villages_of(agency):
    return Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE).order_by("code", "name")


def filter_items(queryset, *, category=None, level=None, village=None, year=None):
    """Catalog filters; a category includes its sub-categories, a village includes its 自然村."""
    from django.db.models import Q

    if category is not None:
        queryset = queryset.filter(category__in=category_and_descendants(category))
    if level:
        queryset = queryset.filter(level=level)
    if village is not None:
        queryset = queryset.filter(Q(region=village) | Q(region__parent=village))
    if year:
        queryset = queryset.filter(published_at__year=year)
    return queryset


def category_and_descendants(category):
    return set(category_and_children(category))


def category_tree(agency, village=None):
    """[(category, depth, count)] in catalog order. A count includes the category's children
    (重点领域信息 counts its 涉农补贴 …); with `village`, only what is published for that village
    and its 自然村. Public items counted by GROUP BY, one query."""
    categories = list(Category.objects.filter(agency=agency).order_by("order", "pk"))
    items = public_items(agency) if village is None else filter_items(public_items(agency), village=village)
    own = dict(items.order_by().values_list("category").annotate(n=Count("pk")).values_list("category", "n"))
    ordered = tree_order(categories)
    totals = dict(own)
    for _depth, c in reversed(ordered):  # children come after their parent: add them up bottom-up
        if c.parent_id is not None:
            totals[c.parent_id] = totals.get(c.parent_id, 0) + totals.get(c.pk, 0)
    return [(c, depth, totals.get(c.pk, 0)) for depth, c in ordered]


def public_versions(item):
    """The correction history (更正记录) of an item, newest first."""
    return item.versions.order_by("-number")


def item_years(agency):
    from django.db.models.functions import ExtractYear

    return list(
        public_items(agency)
        .order_by()
        .annotate(y=ExtractYear("published_at"))
        .values_list("y", flat=True)
        .distinct()
        .order_by("-y")
    )
