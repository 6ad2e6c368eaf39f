from django.contrib import admin

from .models import ApplicationSettings, LetterTemplate


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin):
    list_display = ["agency", "kind", "title"]
    list_filter = ["agency", "kind"]


@admin.register(ApplicationSettings)
class ApplicationSettingsAdmin(admin.ModelAdmin):
    list_display = ["agency", "number_prefix", "letter_prefix", "sign_off"]
