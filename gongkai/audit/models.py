"""The one shape of an event: who (actor) did what (verb) to which object, what it was before and
after, why (reason), and when (at).

Why one abstract base and not one table (DESIGN "an event: actor, verb, object, before/after,
reason, time — one shape for every app"): the history of an item, a case, an appeal and a report
is read on its own page, cascades with its object and is joined by the queries of that app (a
case's events carry the legal date `on` its deadlines are counted from, and the letters issued
with them point at them). One table with a generic object reference would lose those foreign keys
and indexes. So each object with a history keeps its own table — with the same fields, declared
here once — and the records that have no history table of their own (registers, tallies, the
catalog, the calendar, the portal's moderation and open days) share `RecordEvent`, which names its
object by model label and primary key.

`before` and `after` hold only what changed (for a state change `{"state": …}`); `after` also
keeps what the change recorded (the secrecy check of a publication, the rows of an import).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(_("操作"), max_length=40)
    at = models.DateTimeField(_("时间"), default=timezone.now)
    before = models.JSONField(_("变更前"), default=dict, blank=True)
    after = models.JSONField(_("变更后"), default=dict, blank=True)
    reason = models.TextField(_("说明"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class RecordEvent(Event):
    """The event of a record without a history table of its own (a register record, a tally
    import, a catalog category, a calendar year, a feedback or an open day)."""

    agency = models.ForeignKey(
        "accounts.Agency", verbose_name=_("机关"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    object_type = models.CharField(_("对象类型"), max_length=60)
    object_id = models.CharField(_("对象编号"), max_length=40, blank=True)
    object_repr = models.CharField(_("对象"), max_length=200)

    class Meta(Event.Meta):
        verbose_name = _("操作记录")
        verbose_name_plural = _("操作记录")
        indexes = [models.Index(fields=["object_type", "object_id"], name="recordevent_object")]

    def __str__(self):
        return f"{self.object_repr} · {self.verb}"
