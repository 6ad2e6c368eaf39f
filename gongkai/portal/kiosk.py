"""一体查询机 / 涉农扶贫资金查询机: large type, touch only, back to its home page when left idle."""

from django.conf import settings
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, render

from gongkai.accounts.models import Agency
from gongkai.disclosure.models import Category

from . import selectors

FEATURED_WORDS = ("补贴", "扶贫", "救助", "惠民", "惠农")


def _idle_seconds(request):
    value = request.GET.get("idle", "")
    return int(value) if value.isdigit() and 1 <= int(value) <= 3600 else settings.KIOSK_IDLE_SECONDS


def _render(request, template, context):
    context["idle_seconds"] = _idle_seconds(request)
    return render(request, template, context)


def _categories(agency, village=None):
    """Catalog categories with items (of one village, on its page), 涉农补贴 / 扶贫资金 and other
    money-to-households first."""
    tree = [(c, n) for c, _depth, n in selectors.category_tree(agency, village=village) if n]
    featured = [(c, n) for c, n in tree if any(w in c.name for w in FEATURED_WORDS)]
    others = [(c, n) for c, n in tree if (c, n) not in featured]
    return featured, others


def home(request):
    agencies = Agency.objects.filter(region__children__isnull=False).distinct().order_by("level", "name")
    return _render(request, "portal/kiosk/home.html", {"agencies": agencies, "home_url": request.path})


def agency(request, agency_slug):
    agency = get_object_or_404(Agency, slug=agency_slug)
    featured, others = _categories(agency)
    category = _category(request, agency)
    items = selectors.filter_items(selectors.public_items(agency), category=category) if category else None
    return _render(
        request,
        "portal/kiosk/agency.html",
        {
            "agency": agency,
            "villages": selectors.villages_of(agency),
            "featured": featured,
            "others": others,
            "category": category,
            "page": Paginator(items, 8).get_page(request.GET.get("page")) if items is not None else None,
            "home_url": request.path,
        },
    )


def _category(request, agency):
    slug = request.GET.get("category", "")
    return Category.objects.filter(agency=agency, slug=slug).first() if slug else None


def village(request, agency_slug, village_id):
    agency = get_object_or_404(Agency, slug=agency_slug)
    village = get_object_or_404(selectors.villages_of(agency), pk=village_id)
    category = _category(request, agency)
    items = selectors.filter_items(selectors.public_items(agency), village=village, category=category)
    featured, others = _categories(agency, village)
    return _render(
        request,
        "portal/kiosk/village.html",
        {
            "agency": agency,
            "village": village,
            "category": category,
            "featured": featured,
            "others": others,
            "page": Paginator(items, 8).get_page(request.GET.get("page")),
            "home_url": _home(agency),
        },
    )


def item(request, agency_slug, pk):
    agency = get_object_or_404(Agency, slug=agency_slug)
    item = get_object_or_404(selectors.public_items(agency).prefetch_related("attachments"), pk=pk)
    return _render(request, "portal/kiosk/item.html", {"agency": agency, "item": item, "home_url": _home(agency)})


def _home(agency):
    from django.urls import reverse

    return reverse("portal:kiosk-agency", args=[agency.slug])
