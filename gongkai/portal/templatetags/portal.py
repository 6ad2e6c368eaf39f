import nh3
from django import template
from django.utils.safestring import mark_safe

register = template.Library()

# Published rich text is sanitized when it is saved; cleaning again on output costs little and
# means no stored markup can ever reach a visitor unfiltered.
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title", "width", "height"},
                      "td": {"colspan", "rowspan"}, "th": {"colspan", "rowspan", "scope"}}


@register.filter
def clean_html(value):
    return mark_safe(nh3.clean(value or "", attributes=ALLOWED_ATTRIBUTES, url_schemes={"http", "https", "mailto"},
                               link_rel="noopener noreferrer"))


@register.filter
def stars(value):
    value = int(value or 0)
    return "★" * value + "☆" * (5 - value)
