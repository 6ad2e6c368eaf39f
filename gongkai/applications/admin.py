from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from gongkai.audit.admin import ReadOnlyAdmin

from .models import ApplicationSettings, LetterTemplate, Notice
from .outbox import failure_text
from .validators import mask_phone


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "title"]
    list_filter = ["agency", "kind"]


@admin.register(ApplicationSettings)
class ApplicationSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "number_prefix", "letter_prefix", "sign_off"]


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    """The outbox, for administrators to read (a citizen account's code notices belong to no case,
    so no case page lists them). A code shows as its mark: the body never holds it (outbox.py);
    a mobile number shows masked."""

    list_display = ["created_at", "channel", "kind", "masked_to", "subject", "state", "attempts", "failure", "sent_at"]
    list_filter = ["state", "channel", "kind"]
    fields = ["case", "channel", "kind", "masked_to", "subject", "body", "state", "attempts", "failure", "sent_at"]
    readonly_fields = fields
    date_hierarchy = "created_at"

    @admin.display(description=_("收件人"))
    def masked_to(self, notice):
        return "、".join(r if "@" in r else mask_phone(r) for r in notice.recipients)

    @admin.display(description=_("最近一次错误"))
    def failure(self, notice):
        return failure_text(notice) if notice.last_error else ""
