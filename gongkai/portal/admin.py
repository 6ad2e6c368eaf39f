"""系统管理 of the portal: the search synonyms an administrator extends."""

from django.contrib import admin, messages
from django.utils.translation import gettext as _

from .models import SearchSynonym


@admin.register(SearchSynonym)
class SearchSynonymAdmin(admin.ModelAdmin):
    list_display = ["terms", "note"]
    search_fields = ["terms", "note"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        messages.info(request, _("同义词已生效。请运行 gongkai search_reindex，让已公开的信息也按新词切分。"))
