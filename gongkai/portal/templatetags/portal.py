import nh3
from django import template
from django.utils.safestring import mark_safe

from ..context_processors import reports_url
from ..views import _apply_url, _status_url

register = template.Library()

# Published rich text is sanitized when it is saved; cleaning again on output costs little and
# means no stored markup can ever reach a visitor unfiltered.
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}


@register.filter
def clean_html(value):
    from gongkai.disclosure.content import with_line_breaks

    return mark_safe(
        nh3.clean(
            with_line_breaks(value or ""),
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes={"http", "https", "mailto"},
            link_rel="noopener noreferrer",
        )
    )


@register.filter
def stars(value):
    value = int(value or 0)
    return "★" * value + "☆" * (5 - value)


@register.simple_tag
def column_links(agency):
    """The column menu's addresses served by other apps (annual reports, applications), so that
    any app's public page can sit inside the agency's 政府信息公开 column."""
    return {"reports": reports_url(agency), "apply": _apply_url(agency), "status": _status_url()}
