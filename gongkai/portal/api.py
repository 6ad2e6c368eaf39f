"""Read-only JSON API of published information, with its OpenAPI schema at /api/openapi.json and
interactive docs at /api/docs. Nothing that is not public is reachable here."""

from datetime import date, datetime
from typing import List, Optional

from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import NinjaAPI, Schema
from ninja.pagination import PageNumberPagination, paginate

from gongkai.accounts.models import Agency
from gongkai.disclosure.models import Category

from . import selectors
from .search.engine import plain_text

api = NinjaAPI(
    title="gongkai 政府信息公开 API",
    version="1",
    description="只读接口：机关、公开目录、主动公开的政府信息。数据与网站公开页面一致。",
    urls_namespace="api",
)


class AgencyOut(Schema):
    slug: str
    name: str
    short_name: str
    level: str
    region: str
    ogi_office: str
    ogi_address: str
    ogi_hours: str
    ogi_phone: str
    url: str


class CategoryOut(Schema):
    slug: str
    name: str
    parent: Optional[str]
    legal_basis: str
    items: int


class AttachmentOut(Schema):
    name: str
    kind: str
    size: int
    url: str


class ItemSummary(Schema):
    id: int
    agency: str
    category: str
    title: str
    doc_number: str
    level: str
    village: Optional[str]
    validity: str
    formed_on: date
    published_at: datetime
    url: str

    @staticmethod
    def resolve_agency(obj):
        return obj.agency.slug

    @staticmethod
    def resolve_category(obj):
        return obj.category.slug

    @staticmethod
    def resolve_village(obj):
        return obj.village.name if obj.village else None

    @staticmethod
    def resolve_url(obj):
        return reverse("portal:item", args=[obj.agency.slug, obj.pk])


class ItemOut(ItemSummary):
    text: str
    body_html: str
    attachments: List[AttachmentOut]
    version: int

    @staticmethod
    def resolve_attachments(obj):
        return obj.attachment_list


def _agency_out(a):
    return AgencyOut(
        slug=a.slug, name=a.name, short_name=a.short_name, level=a.level, region=a.region.name,
        ogi_office=a.ogi_office, ogi_address=a.ogi_address, ogi_hours=a.ogi_hours, ogi_phone=a.ogi_phone,
        url=reverse("portal:column", args=[a.slug]),
    )


@api.get("/agencies", response=List[AgencyOut], summary="机关列表")
def agencies(request):
    return [_agency_out(a) for a in selectors.public_agencies()]


@api.get("/agencies/{slug}", response=AgencyOut, summary="一个机关")
def agency(request, slug: str):
    return _agency_out(get_object_or_404(Agency.objects.select_related("region"), slug=slug))


@api.get("/agencies/{slug}/categories", response=List[CategoryOut], summary="机关的政府信息公开目录")
def categories(request, slug: str):
    agency = get_object_or_404(Agency, slug=slug)
    parents = dict(Category.objects.filter(agency=agency).values_list("pk", "slug"))
    return [
        CategoryOut(slug=c.slug, name=c.name, parent=parents.get(c.parent_id), legal_basis=c.legal_basis, items=n)
        for c, _depth, n in selectors.category_tree(agency)
    ]


@api.get("/items", response=List[ItemSummary], summary="主动公开的政府信息（最新在前）")
@paginate(PageNumberPagination, page_size=50)
def items(request, agency: Optional[str] = None, category: Optional[str] = None, year: Optional[int] = None,
          level: Optional[str] = None):
    agency_obj = get_object_or_404(Agency, slug=agency) if agency else None
    category_obj = get_object_or_404(Category, agency=agency_obj, slug=category) if agency_obj and category else None
    queryset = selectors.filter_items(selectors.public_items(agency_obj), category=category_obj, year=year,
                                      level=level or None)
    return queryset


@api.get("/items/{item_id}", response=ItemOut, summary="一条政府信息")
def item(request, item_id: int):
    item = get_object_or_404(selectors.public_items().prefetch_related("attachments"), pk=item_id)
    attachments = [
        AttachmentOut(name=a.name, kind=a.kind, size=a.size, url=reverse("portal:attachment", args=[item.agency.slug, a.pk]))
        for a in item.attachments.all()
    ]
    item.text, item.body_html, item.attachment_list = plain_text(item.body), item.body, attachments
    return item
