from django.contrib import admin

from gongkai.audit.admin import ReadOnlyAdmin

from .models import (
    Category,
    Channel,
    DecisionTally,
    FeeCollection,
    Item,
    ItemAttachment,
    ItemEvent,
    ItemVersion,
    NormativeDocument,
    PowerListEntry,
    ProcurementProject,
)


@admin.register(Category)
class CategoryAdmin(ReadOnlyAdmin):
    """Read-only here: the catalog is edited on its page, through the services that leave its events."""

    list_display = ["name", "agency", "parent", "slug", "legal_basis", "order"]
    list_filter = ["agency"]
    search_fields = ["name", "slug"]
    autocomplete_fields = ["parent"]


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "online", "order"]
    list_editable = ["order"]


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class VersionInline(ReadOnlyInline):
    model = ItemVersion
    fields = ["number", "title", "correction_note", "published_at"]


class EventInline(ReadOnlyInline):
    model = ItemEvent
    fields = ["at", "actor", "verb", "before", "after", "reason"]


class AttachmentInline(ReadOnlyInline):
    model = ItemAttachment
    fields = ["name", "kind", "size"]


@admin.register(Item)
class ItemAdmin(ReadOnlyAdmin):
    """Read-only here: every change of an item goes through the review services and their audit trail."""

    list_display = ["title", "agency", "category", "state", "published_at", "is_late"]
    list_filter = ["agency", "state", "is_late", "level"]
    search_fields = ["title", "doc_number"]
    inlines = [AttachmentInline, VersionInline, EventInline]


for model, fields in (
    (
        NormativeDocument,
        ["title", "doc_number", "kind", "agency", "made_on", "published_on", "repealed_on", "validity"],
    ),
    (PowerListEntry, ["name", "kind", "year", "agency"]),
    (DecisionTally, ["agency", "year", "month", "kind", "count"]),
    (FeeCollection, ["name", "agency", "year", "month", "amount"]),
    (ProcurementProject, ["name", "agency", "year", "amount"]),
):
    # read-only: a register record counts in a report year; its services check the year lock
    admin.site.register(
        model,
        type(
            f"{model.__name__}Admin",
            (ReadOnlyAdmin,),
            {
                "list_display": fields,
                "list_filter": ["agency"] + (["year"] if "year" in fields else []),
            },
        ),
    )
