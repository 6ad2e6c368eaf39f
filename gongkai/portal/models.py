from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from gongkai.accounts.models import Agency, Region


class SearchDoc(models.Model):
    """One published item as the search index sees it, kept in sync by the disclosure signals.

    `tokens` holds the jieba segmentation joined by spaces; an FTS5 table (SQLite) or a GIN index
    on a stored to_tsvector('simple', tokens) column (PostgreSQL) is built on it by this app's
    migrations (see search/backends.py).
    """

    item = models.OneToOneField("disclosure.Item", on_delete=models.CASCADE, related_name="search_doc")
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "disclosure.Category", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    year = models.PositiveIntegerField(db_index=True)
    level = models.CharField(max_length=20, blank=True)
    village = models.ForeignKey(Region, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    published_at = models.DateTimeField(db_index=True)
    # The item's own expiry, so that a search never joins the item table to leave expired items
    # out (a withdrawn item's document is deleted; see search.engine.index_item).
    expires_at = models.DateTimeField(null=True, blank=True)
    title = models.CharField(max_length=300)
    text = models.TextField(help_text="plain text of title, body and attachments, for snippets")
    tokens = models.TextField()

    class Meta:
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title


class SearchSynonym(models.Model):
    """同义词和简称: a group of terms that mean the same to a person searching (低保 / 最低生活保障 /
    城乡低保). At query time a word of the group finds the items of every term; each term is also a
    word of jieba's dictionary. Kept as data, so an administrator adds what people type."""

    terms = models.CharField(
        _("同义词组"),
        max_length=500,
        unique=True,
        help_text=_(
            "两个或更多说法，用“/”分隔，如：低保/最低生活保障/城乡低保。保存后请运行 search_reindex 重建索引，让已公开信息也按新词切分。"
        ),
    )
    note = models.CharField(_("说明"), max_length=200, blank=True)

    class Meta:
        ordering = ["terms"]
        verbose_name = _("检索同义词")
        verbose_name_plural = _("检索同义词")

    def __str__(self):
        return self.terms

    def term_list(self):
        return split_terms(self.terms)

    def clean(self):
        from django.core.exceptions import ValidationError

        terms = split_terms(self.terms)
        if len(terms) < 2:
            raise ValidationError({"terms": _("请至少填写两个说法，用“/”分隔。")})
        if len(terms) > MAX_SYNONYMS:
            raise ValidationError({"terms": _("一组最多 %(n)s 个说法。") % {"n": MAX_SYNONYMS}})
        long = [t for t in terms if len(t) > MAX_TERM]
        if long:
            raise ValidationError(
                {"terms": _("每个说法最多 %(n)s 个字：%(t)s") % {"n": MAX_TERM, "t": "、".join(long)}}
            )
        self.terms = "/".join(terms)


MAX_SYNONYMS = 12
MAX_TERM = 30


def split_terms(text):
    """ "低保／最低生活保障, 城乡低保" → ["低保", "最低生活保障", "城乡低保"] (order kept, no repeats)."""
    import re

    parts = re.split(r"[/／,，、;；\s]+", text or "")
    return list(dict.fromkeys(p.strip() for p in parts if p.strip()))


class Feedback(models.Model):
    """监督评议: a visitor's rating and comment on a published item; shown after moderation."""

    class Status(models.TextChoices):
        PENDING = "pending", _("待审核")
        APPROVED = "approved", _("已公开")
        REJECTED = "rejected", _("不予公开")

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="+")
    item = models.ForeignKey(
        "disclosure.Item", verbose_name=_("政府信息"), on_delete=models.CASCADE, related_name="feedback"
    )
    rating = models.PositiveSmallIntegerField(_("评分"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("意见建议"), max_length=500, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PENDING)
    reply = models.TextField(_("答复"), max_length=1000, blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("监督评议")
        verbose_name_plural = _("监督评议")

    def __str__(self):
        return f"{self.rating}★ {self.comment[:20]}"


class OpenDay(models.Model):
    """政府开放日: an event the agency opens to the public, with a plan, a time, a place, an agenda."""

    agency = models.ForeignKey(Agency, verbose_name=_("机关"), on_delete=models.CASCADE, related_name="open_days")
    title = models.CharField(_("活动名称"), max_length=200)
    plan = models.TextField(_("活动方案"), max_length=5000)
    starts_at = models.DateTimeField(_("开始时间"))
    ends_at = models.DateTimeField(_("结束时间"))
    place = models.CharField(_("地点"), max_length=200)
    agenda = models.TextField(_("活动流程"), max_length=5000, blank=True)
    capacity = models.PositiveIntegerField(_("名额"), validators=[MinValueValidator(1)])
    registration_closes_at = models.DateTimeField(_("报名截止时间"))
    published = models.BooleanField(_("已发布"), default=True)
    participants_attended = models.PositiveIntegerField(
        _("实际参加人数"), null=True, blank=True, help_text=_("活动结束后填写；未填写时按报名人数统计")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        verbose_name = _("政府开放日")
        verbose_name_plural = _("政府开放日")

    def __str__(self):
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        errors = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("结束时间应晚于开始时间")
        if self.starts_at and self.registration_closes_at and self.registration_closes_at > self.starts_at:
            errors["registration_closes_at"] = _("报名截止时间不能晚于活动开始时间")
        if errors:
            raise ValidationError(errors)


class OpenDayRegistration(models.Model):
    """A person registered for an open day. Name and phone are personal data: staff only."""

    open_day = models.ForeignKey(OpenDay, on_delete=models.CASCADE, related_name="registrations")
    name = models.CharField(_("姓名"), max_length=50)
    phone = models.CharField(_("联系电话"), max_length=20)
    organization = models.CharField(_("工作单位或身份"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["open_day", "phone"], name="openday_registration_unique_phone"),
        ]


class OpenDayOpinion(models.Model):
    """An opinion collected at or after an open day, and the office's answer (shown publicly)."""

    open_day = models.ForeignKey(OpenDay, on_delete=models.CASCADE, related_name="opinions")
    content = models.TextField(_("意见建议"), max_length=1000)
    answer = models.TextField(_("答复"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]


class RateCount(models.Model):
    """Attempts of one client address at one public form in one time window (portal.ratelimit).
    In the database, counted by one atomic UPDATE: every worker of every node sees one count."""

    key = models.CharField(max_length=64, primary_key=True)
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)
