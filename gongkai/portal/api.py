"""Read-only JSON API of published information, with its OpenAPI schema at /api/openapi.json and
interactive docs at /api/docs. Nothing that is not public is reachable here."""

from datetime import date, datetime
from typing import Dict, List, Optional, Union

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as ParameterError
from ninja.pagination import PageNumberPagination, paginate

from gongkai.accounts.models import Agency
from gongkai.core.report.model import canonical
from gongkai.disclosure.models import Category
from gongkai.reports import selectors as reports

from . import selectors
from .search.engine import plain_text

api = NinjaAPI(
    title="gongkai 政府信息公开 API",
    version="1",
    description="只读接口：机关、公开目录、主动公开的政府信息、已发布的政府信息公开工作年度报告。数据与网站公开页面一致。",
    urls_namespace="api",
)

SLUG = r"^[-a-zA-Z0-9_]{1,100}$"
FIRST_YEAR, LAST_YEAR = 1990, 2100


@api.exception_handler(ParameterError)
def bad_parameters(request, exc):
    """A parameter out of its range or of the wrong type is the caller's mistake: 400 with a
    message naming the parameters (and the details), never a 500."""
    names = sorted({str(e["loc"][-1]) for e in exc.errors if e.get("loc")})
    message = _("参数有误：%(names)s。年度应为 %(low)s 至 %(high)s 之间的数字，页码和编号应为正整数。") % {
        "names": "、".join(names),
        "low": FIRST_YEAR,
        "high": LAST_YEAR,
    }
    errors = [{"loc": [str(x) for x in e.get("loc", ())], "msg": str(e.get("msg", ""))} for e in exc.errors]
    return api.create_response(request, {"detail": message, "errors": errors}, status=400)


class BoundedPages(PageNumberPagination):
    """Pages as ninja's, with a page number that cannot run the database past its integers."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=100_000)
        page_size: Optional[int] = Field(None, ge=1, le=100)


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
        slug=a.slug,
        name=a.name,
        short_name=a.short_name,
        level=a.level,
        region=a.region.name,
        ogi_office=a.ogi_office,
        ogi_address=a.ogi_address,
        ogi_hours=a.ogi_hours,
        ogi_phone=a.ogi_phone,
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
@paginate(BoundedPages, page_size=50)
def items(
    request,
    agency: Optional[str] = Query(None, pattern=SLUG),
    category: Optional[str] = Query(None, pattern=SLUG),
    year: Optional[int] = Query(None, ge=FIRST_YEAR, le=LAST_YEAR),
    level: Optional[str] = Query(None, max_length=20),
):
    from gongkai.disclosure.models import Item

    if level and level not in Item.Level.values:
        raise HttpError(400, _("参数 level 应为以下之一：%(values)s") % {"values": "、".join(Item.Level.values)})
    agency_obj = get_object_or_404(Agency, slug=agency) if agency else None
    category_obj = get_object_or_404(Category, agency=agency_obj, slug=category) if agency_obj and category else None
    queryset = selectors.filter_items(
        selectors.public_items(agency_obj), category=category_obj, year=year, level=level or None
    )
    return queryset


@api.get("/items/{item_id}", response=ItemOut, summary="一条政府信息")
def item(request, item_id: int = Path(..., ge=1, le=2**31 - 1)):
    item = get_object_or_404(selectors.public_items().prefetch_related("attachments"), pk=item_id)
    attachments = [
        AttachmentOut(
            name=a.name, kind=a.kind, size=a.size, url=reverse("portal:attachment", args=[item.agency.slug, a.pk])
        )
        for a in item.attachments.all()
    ]
    item.text, item.body_html, item.attachment_list = plain_text(item.body), item.body, attachments
    return item


# ---- published annual reports (政府信息公开工作年度报告): only frozen, published versions ----


class ReportLinks(Schema):
    html: str
    docx: str
    pdf: str
    json_download: str
    api: str


class ReportSummary(Schema):
    """`status`: "published"; "correcting" — sent back or reopened for a correction, this version
    stays public until the corrected one is published; "withdrawn" — taken off the portal, `notice`
    says why and `links` is null."""

    year: int
    version: int
    format: str
    published_on: Optional[date]
    corrected: bool
    status: str
    notice: Optional[str] = None
    links: Optional[ReportLinks]


class FindingAt(Schema):
    page: Optional[int] = None
    line: Optional[int] = None


class FindingOut(Schema):
    rule: str
    severity: str
    where: str
    message: str
    at: Optional[FindingAt] = None


Number = Union[int, float]


class ReportOut(Schema):
    """The JSON form of LAW.md "Codes": table → row → column → number, or null for a missing cell."""

    format: str
    year: int
    agency: str
    tables: Dict[str, Dict[str, Dict[str, Optional[Number]]]]
    findings: List[FindingOut]


def _report_links(agency, version):
    year, query = version.report.year, f"?version={version.number}"
    return ReportLinks(
        html=reverse("reports:public-detail", args=[agency.slug, year]) + query,
        docx=reverse("reports:public-docx", args=[agency.slug, year]) + query,
        pdf=reverse("reports:public-pdf", args=[agency.slug, year]) + query,
        json_download=reverse("reports:public-json", args=[agency.slug, year]) + query,
        api=reverse("api:agency_report", args=[agency.slug, year]) + query,
    )


@api.get("/agencies/{slug}/reports", response=List[ReportSummary], summary="机关已发布的政府信息公开工作年度报告")
def agency_reports(request, slug: str):
    """One entry per published year (its latest version, newest year first); drafts never appear."""
    agency = get_object_or_404(Agency, slug=slug)
    out = []
    for v in reports.latest_per_year(agency=agency):
        status = v.report.public_status
        withdrawn = status == "withdrawn"
        out.append(
            ReportSummary(
                year=v.report.year,
                version=v.number,
                format=str(v.data.get("format", "")),
                published_on=v.published_on,
                corrected=v.number > 1,
                status=status,
                notice=v.report.withdrawal_notice if withdrawn else None,
                links=None if withdrawn else _report_links(agency, v),
            )
        )
    return out


@api.get(
    "/agencies/{slug}/reports/{year}",
    response=ReportOut,
    url_name="agency_report",
    summary="一份已发布的年度报告（表格代码形式）",
)
def agency_report(request, slug: str, year: int, version: Optional[int] = Query(None, ge=1, le=32767)):
    """The frozen JSON of the published version (the latest unless `version` is given): `format`,
    `year`, `agency`, `tables` (table → row → column → number | null) and `findings`."""
    agency = get_object_or_404(Agency, slug=slug)
    in_range = 1 <= year <= 9999 and (version is None or 1 <= version <= 32767)
    published = reports.public_version(agency=agency, year=year, number=version) if in_range else None
    if published is None:
        withdrawn = reports.withdrawn_report(agency=agency, year=year) if in_range else None
        if withdrawn is not None:
            raise HttpError(410, _("该年度报告已撤回：%(notice)s") % {"notice": withdrawn.withdrawal_notice})
        raise Http404(_("该年度报告尚未发布"))
    data = canonical(published.data)  # the same key order and numbers on every database
    return {key: data.get(key, [] if key == "findings" else None) for key in REPORT_KEYS}


REPORT_KEYS = ("format", "year", "agency", "tables", "findings")
