from django.contrib import admin

from .models import Agency, Membership, Region, Unit


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "level", "parent", "code"]
    list_filter = ["level"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["parent"]


class UnitInline(admin.TabularInline):
    model = Unit
    extra = 0
    autocomplete_fields = ["head", "leader"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "level", "region", "supervisor"]
    list_filter = ["level"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {}
    autocomplete_fields = ["region", "supervisor"]
    inlines = [UnitInline]


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "head", "leader"]
    list_filter = ["agency"]
    search_fields = ["name"]
    autocomplete_fields = ["head", "leader"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "agency", "unit", "role"]
    list_filter = ["role", "agency"]
    search_fields = ["user__username", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user", "agency", "unit"]
