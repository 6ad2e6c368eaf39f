"""RSS 2.0 and Atom feeds per agency and per category, for 微信公众号 and new-media syndication."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.accounts.models import Agency
from gongkai.disclosure.models import Category

from . import selectors
from .search.engine import plain_text


class AgencyFeed(Feed):
    description_template = None

    def get_object(self, request, agency_slug, category_slug=None):
        agency = get_object_or_404(Agency, slug=agency_slug)
        category = get_object_or_404(Category, agency=agency, slug=category_slug) if category_slug else None
        return agency, category

    def title(self, obj):
        agency, category = obj
        return "%s · %s" % (agency.name, category.name if category else _("政府信息公开"))

    def link(self, obj):
        agency, category = obj
        if category:
            return reverse("portal:catalog-category", args=[agency.slug, category.slug])
        return reverse("portal:column", args=[agency.slug])

    def description(self, obj):
        agency, category = obj
        if category:
            return _("%(agency)s主动公开的政府信息：%(category)s") % {"agency": agency.name, "category": category.name}
        return _("%(agency)s主动公开的政府信息") % {"agency": agency.name}

    def items(self, obj):
        agency, category = obj
        return selectors.filter_items(selectors.public_items(agency), category=category)[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        text = plain_text(item.body)
        return text[:200] + ("…" if len(text) > 200 else "")

    def item_link(self, item):
        return reverse("portal:item", args=[item.agency.slug, item.pk])

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return [item.category.name]


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj):
        return self.description(obj)
