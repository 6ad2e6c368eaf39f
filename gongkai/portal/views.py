"""Public pages: the portal home, each agency's 政府信息公开 column, items, search, open days."""

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Agency, Region
from gongkai.disclosure.models import Category, Item, ItemAttachment
from gongkai.disclosure.boards import PAPERS, board_sheet_pdf
from gongkai.disclosure.selectors import board_counts, board_items, item_history
from gongkai.web import add_errors, choice_param, download, int_param, year_param

from . import ratelimit, search as search_engine, selectors, services
from .context_processors import LARGE_TYPE_COOKIE, reports_url
from .forms import FeedbackForm, OpinionForm, RegistrationForm, SearchForm
from .middleware import allow_same_origin_framing
from .models import OpenDay

# 政府信息公开 column menu, in the order Chinese government websites show it.
COLUMN_MENU = [
    ("guide", gettext_lazy("政府信息公开指南")),
    ("rules", gettext_lazy("政府信息公开制度")),
    ("catalog", gettext_lazy("法定主动公开内容")),
    ("reports", gettext_lazy("政府信息公开年报")),
    ("apply", gettext_lazy("依申请公开")),
    ("open-days", gettext_lazy("政府开放日")),
]


def _agency(slug):
    return get_object_or_404(Agency, slug=slug)


def _column(request, agency, template, context, active):
    context.update(
        {
            "agency": agency,
            "active": active,
            "reports_url": reports_url(agency),
            "apply_url": _apply_url(agency),
            "status_url": _status_url(),
        }
    )
    return render(request, template, context)


def _apply_url(agency):
    return reverse("apply", kwargs={"agency_slug": agency.slug})


def _status_url():
    return reverse("apply-status")


def home(request):
    agencies = list(selectors.public_agencies())
    for agency in agencies:
        agency.reports_url, agency.apply_url = reports_url(agency), _apply_url(agency)
    latest = selectors.public_items()[:10]
    return render(
        request,
        "portal/home.html",
        {
            "agencies": agencies,
            "latest": latest,
            "suggested": search_engine.engine.SUGGESTED_TERMS[:4],
            "status_url": _status_url(),
        },
    )


def column(request, agency_slug):
    agency = _agency(agency_slug)
    return _column(
        request,
        agency,
        "portal/column.html",
        {
            "tree": selectors.category_tree(agency),
            "latest": selectors.public_items(agency)[:10],
            "villages": selectors.villages_of(agency),
        },
        "index",
    )


def guide(request, agency_slug):
    agency = _agency(agency_slug)
    return _column(request, agency, "portal/guide.html", {"tree": selectors.category_tree(agency)}, "guide")


def rules(request, agency_slug):
    agency = _agency(agency_slug)
    return _column(request, agency, "portal/rules.html", {}, "rules")


def catalog(request, agency_slug, category_slug=None):
    agency = _agency(agency_slug)
    category = get_object_or_404(Category, agency=agency, slug=category_slug) if category_slug else None
    level = choice_param(request, "level", Item.Level.values)
    village_id = int_param(request, "village", low=1)
    village = selectors.villages_of(agency).filter(pk=village_id).first() if village_id else None
    year = year_param(request)
    items = selectors.filter_items(
        selectors.public_items(agency), category=category, level=level, village=village, year=year
    )
    from django.core.paginator import Paginator

    page = Paginator(items, 20).get_page(request.GET.get("page"))
    return _column(
        request,
        agency,
        "portal/catalog.html",
        {
            "category": category,
            "tree": selectors.category_tree(agency),
            "page": page,
            "levels": Item.Level.choices,
            "level": level,
            "villages": selectors.villages_of(agency),
            "village": village,
            "years": selectors.item_years(agency),
            "year": year,
            "querystring": _querystring(request, exclude="page"),
        },
        "catalog",
    )


def _querystring(request, exclude):
    params = request.GET.copy()
    params.pop(exclude, None)
    return params.urlencode()


def item_detail(request, agency_slug, pk):
    agency = _agency(agency_slug)
    item = get_object_or_404(selectors.public_items(agency).prefetch_related("attachments", "channels"), pk=pk)
    return _item_page(request, agency, item, FeedbackForm())


def _item_page(request, agency, item, form, status=200):
    response = _column(
        request,
        agency,
        "portal/item.html",
        {
            "item": item,
            "category_path": item.category.path(),
            "attachments": item.attachments.all(),
            "history": item_history(item),
            "versions": selectors.public_versions(item),
            "feedback": selectors.public_feedback(item),
            "summary": selectors.feedback_summary(item),
            "form": form,
        },
        "catalog",
    )
    response.status_code = status
    return response


@require_POST
def item_feedback(request, agency_slug, pk):
    agency = _agency(agency_slug)
    item = get_object_or_404(selectors.public_items(agency), pk=pk)
    form = FeedbackForm(request.POST)
    url = reverse("portal:item", args=[agency.slug, item.pk]) + "#feedback"
    if form.is_valid() and form.is_robot():
        messages.success(request, _("感谢您的评议，审核后公开显示。"))
        return redirect(url)
    limit, period = ratelimit.limits()["feedback"]
    if not ratelimit.allow(request, "feedback", limit, period):
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return _item_page(request, agency, item, form, status=429)
    if not form.is_valid():
        return _item_page(request, agency, item, form, status=400)
    try:
        services.feedback_submit(item=item, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"])
    except ValidationError as e:
        form.add_error(None, e)
        return _item_page(request, agency, item, form, status=400)
    messages.success(request, _("感谢您的评议，审核后公开显示。"))
    return redirect(url)


SAFE_TYPES = {
    ItemAttachment.Kind.PDF: "application/pdf",
    ItemAttachment.Kind.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
SAFE_IMAGES = {"image/png", "image/jpeg", "image/gif", "image/webp"}


def attachment(request, agency_slug, pk):
    agency = _agency(agency_slug)
    att = get_object_or_404(
        ItemAttachment.objects.select_related("item"), pk=pk, item__in=selectors.public_items(agency)
    )
    content_type = SAFE_TYPES.get(att.kind)
    if content_type is None:
        content_type = (
            att.mime
            if att.mime in SAFE_IMAGES
            else (
                mimetypes.guess_type(att.name)[0]
                if mimetypes.guess_type(att.name)[0] in SAFE_IMAGES
                else "application/octet-stream"
            )
        )
    inline = request.GET.get("inline") == "1" and (att.kind == ItemAttachment.Kind.PDF or content_type in SAFE_IMAGES)
    try:
        handle = att.file.open("rb")
    except (FileNotFoundError, OSError):
        raise Http404(_("附件文件不存在。")) from None
    response = download(handle, att.name, content_type, inline=inline, response_class=FileResponse)
    if inline:
        allow_same_origin_framing(response)
    return response


def search(request):
    form = SearchForm(request.GET or None)
    data = {}
    if form.is_bound:
        # People type here: a bad condition is named on the page and left out of the search,
        # so the words they typed still find something.
        form.is_valid()
        data = form.cleaned_data
        for name, errors in form.errors.items():
            messages.error(
                request,
                _("检索条件“%(label)s”有误：%(errors)s 已忽略这一条件。")
                % {"label": form.fields[name].label or name, "errors": " ".join(errors)},
            )
    filters, agency = {}, None
    if data.get("agency"):
        agency = Agency.objects.filter(slug=data["agency"]).first()
        if agency is None:
            raise Http404(_("没有这个机关。"))
        filters["agency"] = agency
        if data.get("category"):
            category = Category.objects.filter(agency=agency, slug=data["category"]).first()
            if category is None:
                raise Http404(_("没有这个公开目录类目。"))
            filters["category"] = category
    if data.get("year"):
        filters["year"] = data["year"]
    if data.get("level") in Item.Level.values:
        filters["level"] = data["level"]
    if data.get("village"):
        filters["village"] = Region.objects.filter(pk=data["village"], level=Region.Level.VILLAGE).first()
        if filters["village"] is None:
            filters.pop("village")
    results = None
    raw = request.GET.get("q", "")
    if raw.strip():
        results = search_engine.search(
            query=raw, sort=data.get("sort") or "relevance", page=data.get("page") or 1, **filters
        )
    return render(
        request,
        "portal/search.html",
        {
            "q": results.query.text if results else "",
            "results": results,
            "filters": filters,
            "agency": agency,
            "agencies": selectors.public_agencies(),
            "sort": data.get("sort") or "relevance",
            "querystring": _querystring(request, exclude="page"),
            "villages": selectors.villages_of(agency) if agency else [],
            "categories": Category.objects.filter(agency=agency) if agency else [],
            "levels": Item.Level.choices,
            "suggested": search_engine.engine.SUGGESTED_TERMS,
        },
    )


# ---- 政府开放日 ---------------------------------------------------------------------------------


def open_days(request, agency_slug):
    agency = _agency(agency_slug)
    return _column(
        request, agency, "portal/open_days.html", {"events": selectors.public_open_days(agency)}, "open-days"
    )


def open_day_detail(request, agency_slug, pk, registration_form=None, opinion_form=None, status=200):
    agency = _agency(agency_slug)
    event = get_object_or_404(selectors.public_open_days(agency), pk=pk)
    now = timezone.now()
    response = _column(
        request,
        agency,
        "portal/open_day.html",
        {
            "event": event,
            "places_left": max(event.capacity - event.registered, 0),
            "registration_open": now <= event.registration_closes_at and event.registered < event.capacity,
            "registration_closed": now > event.registration_closes_at,
            "opinions_open": now >= event.starts_at,
            "opinions": event.opinions.order_by("created_at"),
            "registration_form": registration_form or RegistrationForm(),
            "opinion_form": opinion_form or OpinionForm(),
        },
        "open-days",
    )
    response.status_code = status
    return response


def _open_day_post(request, agency_slug, pk, *, form_class, form_key, anchor, submit, robot_thanks, thanks):
    """A visitor's form on an open-day page: honeypot, rate limit, checks, then `submit(event, data)`."""
    agency = _agency(agency_slug)
    event = get_object_or_404(OpenDay, agency=agency, pk=pk, published=True)
    form = form_class(request.POST)
    url = reverse("portal:open-day", args=[agency.slug, event.pk]) + anchor
    if form.is_robot():
        messages.success(request, robot_thanks)
        return redirect(url)
    limit, period = ratelimit.limits()["openday"]
    if not ratelimit.allow(request, "openday", limit, period):
        form.add_error(None, _("提交过于频繁，请稍后再试。"))
        return open_day_detail(request, agency_slug, pk, status=429, **{form_key: form})
    if not form.is_valid():
        return open_day_detail(request, agency_slug, pk, status=400, **{form_key: form})
    try:
        submit(event, form.cleaned_data)
    except ValidationError as e:
        add_errors(form, e)
        return open_day_detail(request, agency_slug, pk, status=400, **{form_key: form})
    messages.success(request, thanks)
    return redirect(url)


@require_POST
def open_day_register(request, agency_slug, pk):
    return _open_day_post(
        request,
        agency_slug,
        pk,
        form_class=RegistrationForm,
        form_key="registration_form",
        anchor="",
        submit=lambda event, data: services.openday_register(
            open_day=event, **{k: data[k] for k in ("name", "phone", "organization")}
        ),
        robot_thanks=_("报名成功。"),
        thanks=_("报名成功。请按时参加，届时凭报名电话签到。"),
    )


@require_POST
def open_day_opinion(request, agency_slug, pk):
    return _open_day_post(
        request,
        agency_slug,
        pk,
        form_class=OpinionForm,
        form_key="opinion_form",
        anchor="#opinions",
        submit=lambda event, data: services.opinion_submit(open_day=event, content=data["content"]),
        robot_thanks=_("感谢您的意见建议。"),
        thanks=_("感谢您的意见建议，答复后在本页公开。"),
    )


# ---- 适老化: larger type ----------------------------------------------------------------------


def large_type(request):
    """Toggle larger type with a plain link (a cookie), so it works without JavaScript."""
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.COOKIES.get(LARGE_TYPE_COOKIE) == "1":
        response.delete_cookie(LARGE_TYPE_COOKIE)
    else:
        response.set_cookie(LARGE_TYPE_COOKIE, "1", max_age=365 * 24 * 3600, samesite="Lax")
    return response


# ---- 村务公开栏: each village's board, online and as its printable sheet ----------------------


def boards(request, agency_slug):
    agency = _agency(agency_slug)
    return _column(request, agency, "portal/boards.html", {"boards": board_counts(agency=agency)}, "boards")


def board(request, agency_slug, village_id):
    agency = _agency(agency_slug)
    village = get_object_or_404(selectors.villages_of(agency), pk=village_id)
    return _column(
        request,
        agency,
        "portal/board.html",
        {
            "village": village,
            "items": board_items(village=village).select_related("agency"),
        },
        "boards",
    )


def board_sheet(request, agency_slug, village_id):
    """A village's board as its printable PDF sheet, on the paper asked for (A4 by default): the
    one sheet view, which the staff's board list links to as well."""
    agency = _agency(agency_slug)
    village = get_object_or_404(selectors.villages_of(agency), pk=village_id)
    paper = choice_param(request, "paper", PAPERS, "A4")
    name = _("%(village)s村务公开栏-%(date)s-%(paper)s.pdf") % {
        "village": village.name,
        "date": f"{timezone.localdate():%Y%m%d}",
        "paper": paper,
    }
    return download(board_sheet_pdf(village=village, paper=paper), name, "application/pdf", inline=True)


FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


def favicon(request):
    """/favicon.ico, which browsers ask for whatever the page links (the pages link it too)."""
    response = HttpResponse(FAVICON.read_bytes(), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=604800"
    return response
