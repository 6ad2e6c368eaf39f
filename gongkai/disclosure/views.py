"""Staff pages of 主动公开 (/staff/disclosure/). Thin: forms in, services out."""

from urllib.parse import urlencode
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Region
from gongkai import lists
from gongkai.accounts.permissions import agencies_where, can, require
from gongkai.lists import Filter, Sort
from gongkai.core.report.formats import format_for_year
from gongkai.web import add_errors, choice_param, download, message_errors, year_param

from . import registers, selectors, services
from .catalog import tree_order
from .forms import (
    AttachmentForm,
    CategoryForm,
    CorrectForm,
    ItemForm,
    NoteForm,
    PublishForm,
    ReasonForm,
    TallyImportForm,
    ValidityForm,
    register_form,
)
from .models import (
    Category,
    DecisionTally,
    FeeCollection,
    Item,
    ItemAttachment,
    NormativeDocument,
    PowerListEntry,
    ProcurementProject,
)


def _agency(request, action):
    """The agency the page is about: ?agency=slug among those where the user may `action`."""
    allowed = agencies_where(request.user, action).order_by("name")
    slug = request.GET.get("agency") or request.POST.get("agency")
    agency = allowed.filter(slug=slug).first() if slug else allowed.first()
    if agency is None:
        raise PermissionDenied(_("您没有权限访问该机关的主动公开事项"))
    return agency, allowed


REVIEWING = {"publish", "submit", "approve_unit", "approve_leader"}


def _item(request, pk):
    item = get_object_or_404(Item.objects.select_related("agency", "unit", "category", "region"), pk=pk)
    require(request.user, "item.read", item.agency)
    return item


ITEM_SORTS = {
    "action": Sort(
        gettext_lazy("待办在前"), (selectors.ACTION_RANK, F("due_on").asc(nulls_last=True), "-updated_at", "-pk")
    ),
    "updated": Sort(gettext_lazy("最近修改"), ("-updated_at", "-pk")),
    "due": Sort(gettext_lazy("应公开日期"), (F("due_on").asc(nulls_last=True), "pk")),
    "published": Sort(gettext_lazy("公开时间（新到旧）"), (F("published_at").desc(nulls_last=True), "-pk")),
    "title": Sort(gettext_lazy("标题"), ("title", "pk")),
}


def _item_filters(request, agency):
    """The filter <select>s of the item list and the objects they name (None when not chosen)."""
    categories = list(Category.objects.filter(agency=agency))
    units = list(agency.units.order_by("name"))
    villages = (
        list(Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE).order_by("code", "name"))
        if agency.region_id
        else []
    )
    years = [d.year for d in Item.objects.filter(agency=agency).dates("formed_on", "year", order="DESC")]
    filters = [
        Filter("year", _("年度"), [(str(y), str(y)) for y in years], lists.year_choice(request, years)),
        Filter(
            "category",
            _("类目"),
            [(str(c.pk), "—" * depth + c.name) for depth, c in tree_order(categories)],
            lists.choice(request, "category", [c.pk for c in categories]),
        ),
        Filter(
            "unit",
            _("站所"),
            [(str(u.pk), u.name) for u in units],
            lists.choice(request, "unit", [u.pk for u in units]),
        ),
        Filter(
            "village",
            _("村（社区）"),
            [(str(v.pk), v.name) for v in villages],
            lists.choice(request, "village", [v.pk for v in villages]),
        ),
        Filter("overdue", _("逾期"), [("1", _("逾期未公开或逾期公开"))], lists.choice(request, "overdue", ["1"])),
    ]
    chosen = {f.name: f.value for f in filters}
    objects = {
        "year": chosen["year"] or None,
        "category": next((c for c in categories if str(c.pk) == chosen["category"]), None),
        "unit": next((u for u in units if str(u.pk) == chosen["unit"]), None),
        "village": next((v for v in villages if str(v.pk) == chosen["village"]), None),
        "overdue": chosen["overdue"] == "1",
    }
    return filters, objects


@login_required
def item_list(request):
    agency, agencies = _agency(request, "item.read")
    state = choice_param(request, "state", Item.State.values)
    filters, chosen = _item_filters(request, agency)
    filtered = selectors.items_filtered(selectors.items_for(request.user, agency=agency), **chosen)
    counts = selectors.state_counts(request.user, qs=filtered)
    tabs = [(value, label, counts.get(value, 0)) for value, label in Item.State.choices]
    keep = {"agency": agency.slug, "state": state}
    listing = lists.listing(
        request,
        filtered.filter(state=state) if state else filtered,
        sorts=ITEM_SORTS,
        search_fields=("title", "doc_number"),
        filters=filters,
        keep=keep,
    )
    tab_params = {k: v for k, v in listing.params.items() if k not in ("state", "page")}
    return render(
        request,
        "disclosure/item_list.html",
        {
            "agency": agency,
            "agencies": agencies,
            "listing": listing,
            "items": listing.page.object_list,
            "state": state,
            "tabs": tabs,
            "total": sum(counts.values()),
            "tab_query": urlencode(tab_params),
            "can_draft": can(request.user, "item.draft", agency),
        },
    )


@login_required
def item_new(request):
    agency, _agencies = _agency(request, "item.draft")
    form = ItemForm(
        request.POST or None, request.FILES or None, agency=agency, initial={"formed_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                item = services.item_create(
                    actor=request.user, agency=agency, channels=form.cleaned_data["channels"], **form.item_fields()
                )
                if form.cleaned_data.get("attachment"):
                    services.item_attach(actor=request.user, item=item, upload=form.cleaned_data["attachment"])
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if form.body_stripped:
                messages.warning(request, _("正文中的脚本、样式或事件属性已被移除。"))
            messages.success(request, _("已保存草稿。"))
            return redirect("disclosure:item", item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "agency": agency, "item": None})


@login_required
def item_edit(request, pk):
    item = _item(request, pk)
    require(request.user, "item.draft", item.agency)
    if item.state != Item.State.DRAFT:
        messages.error(request, _("只有草稿可以修改；已公开的信息请使用“更正”。"))
        return redirect("disclosure:item", item.pk)
    form = ItemForm(request.POST or None, instance=item, agency=item.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                actor=request.user, item=item, channels=form.cleaned_data["channels"], **form.item_fields()
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            if form.body_stripped:
                messages.warning(request, _("正文中的脚本、样式或事件属性已被移除。"))
            messages.success(request, _("已保存。"))
            return redirect("disclosure:item", item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "agency": item.agency, "item": item})


@login_required
def item_detail(request, pk, forms=None):
    """The review page: a staff preview of the item, its trail, and the actions open to the user."""
    item = _item(request, pk)
    actions = set(services.TRANSITIONS.offered(request.user, item))
    forms = forms or {}
    context = {
        "item": item,
        "actions": actions,
        "channels": item.channels.all(),
        "attachments": item.attachments.all(),
        "superseded": ItemAttachment.every_version.filter(item=item, superseded_in__isnull=False),
        "events": item.events.select_related("actor").order_by("at", "pk"),
        "versions": item.versions.order_by("number"),
        "history": selectors.item_history(item),
        "findings": services.personal_data_in(item) if actions & REVIEWING else [],
        "unread": selectors.unread_attachments(item) if actions & REVIEWING else [],
        "publish_form": forms.get("publish") or PublishForm(),
        "send_back_form": forms.get("send_back") or ReasonForm(),
        "withdraw_form": forms.get("withdraw") or ReasonForm(),
        "note_form": forms.get("approve_unit") or forms.get("approve_leader") or NoteForm(),
        "attach_form": forms.get("attach") or AttachmentForm(),
        "correct_form": forms.get("correct") or CorrectForm(initial={"title": item.title, "body": item.body}),
        "validity_form": forms.get("validity") or ValidityForm(initial={"validity": item.validity}),
    }
    return render(request, "disclosure/item_detail.html", context, status=400 if forms else 200)


@dataclass(frozen=True)
class Step:
    """How the review page takes one transition of the item: the form it reads, the service it
    calls (who may and from which states is the transition's, in services.TRANSITIONS)."""

    form: type | None
    call: object  # (actor, item, form) -> item
    done: object  # the success message, or (item) -> message


def _published_message(item):
    if item.state == Item.State.SCHEDULED:
        return _("已设定定时发布：%(t)s。") % {"t": timezone.localtime(item.publish_at).strftime("%Y-%m-%d %H:%M")}
    if item.is_late:
        return _("已发布。该信息超过 20 个工作日才公开，已记为逾期公开。")
    return _("已发布。")


STEPS = {
    "submit": Step(None, lambda u, i, f: services.item_submit(actor=u, item=i), _l("已提交站所负责人审核。")),
    "approve_unit": Step(
        NoteForm,
        lambda u, i, f: services.item_approve_unit(actor=u, item=i, **f.cleaned_data),
        _l("已审核通过，转分管领导。"),
    ),
    "approve_leader": Step(
        NoteForm,
        lambda u, i, f: services.item_approve_leader(actor=u, item=i, **f.cleaned_data),
        _l("已审核通过，转党政办。"),
    ),
    "send_back": Step(
        ReasonForm, lambda u, i, f: services.item_send_back(actor=u, item=i, **f.cleaned_data), _l("已退回起草人。")
    ),
    "withdraw": Step(
        ReasonForm, lambda u, i, f: services.item_withdraw(actor=u, item=i, **f.cleaned_data), _l("已撤回。")
    ),
    "publish": Step(
        PublishForm,
        lambda u, i, f: services.item_publish(
            actor=u,
            item=i,
            secrecy=f.secrecy(),
            personal_data_reason=f.cleaned_data["personal_data_reason"],
            publish_at=f.cleaned_data["publish_at"],
            expires_at=f.cleaned_data["expires_at"],
        ),
        _published_message,
    ),
    "correct": Step(
        CorrectForm, lambda u, i, f: services.item_correct(actor=u, item=i, **f.cleaned_data), _l("已发布更正。")
    ),
    "validity": Step(
        ValidityForm,
        lambda u, i, f: services.item_set_validity(actor=u, item=i, **f.cleaned_data),
        _l("已更新有效性。"),
    ),
    "attach": Step(
        AttachmentForm,
        lambda u, i, f: services.item_attach(actor=u, item=i, upload=f.cleaned_data["attachment"]),
        _l("已上传附件。"),
    ),
}


@login_required
@require_POST
def item_action(request, pk, action):
    item = _item(request, pk)
    step = STEPS.get(action)
    if step is None:
        raise Http404
    if not services.TRANSITIONS.permitted(request.user, item, action):
        raise PermissionDenied(_("您没有权限执行此操作"))
    form = step.form(request.POST, request.FILES) if step.form else None
    if form is not None and not form.is_valid():
        return item_detail(request, pk, forms={action: form})
    try:
        with transaction.atomic():
            changed = step.call(request.user, item, form)
    except ValidationError as exc:
        if form is not None and services.TRANSITIONS.open(item, action):
            add_errors(form, exc)
            return item_detail(request, pk, forms={action: form})
        message_errors(request, exc)
        return redirect("disclosure:item", item.pk)
    if getattr(form, "body_stripped", False):
        messages.warning(request, _("正文中的脚本、样式或事件属性已被移除。"))
    messages.success(request, step.done(changed) if callable(step.done) else step.done)
    return redirect("disclosure:item", item.pk)


@login_required
def attachment_download(request, pk):
    # staff read every version, also one a correction superseded (the public download is the portal's)
    attachment = get_object_or_404(ItemAttachment.every_version.select_related("item__agency"), pk=pk)
    require(request.user, "item.read", attachment.item.agency)
    return download(attachment.file.read(), attachment.name, attachment.mime)


# ---- catalog ----


@login_required
def catalog(request):
    agency, agencies = _agency(request, "item.read")
    editable = can(request.user, "catalog.edit", agency)
    form = CategoryForm(request.POST or None, agency=agency) if editable else None
    if request.method == "POST":
        require(request.user, "catalog.edit", agency)
        if "seed" in request.POST:
            added = services.catalog_seed(agency=agency, actor=request.user)
            messages.success(request, _("已按《条例》补齐公开目录，新增 %(n)s 个类目。") % {"n": added})
            return redirect(f"{request.path}?agency={agency.slug}")
        if form.is_valid():
            try:
                services.category_create(actor=request.user, agency=agency, **form.cleaned_data)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已添加类目。"))
                return redirect(f"{request.path}?agency={agency.slug}")
    categories = Category.objects.filter(agency=agency).select_related("parent")
    return render(
        request,
        "disclosure/catalog.html",
        {
            "agency": agency,
            "agencies": agencies,
            "tree": tree_order(categories),
            "form": form,
            "editable": editable,
        },
    )


# ---- registers ----

REGISTERS = {
    "normative": (NormativeDocument, _("规章和规范性文件")),
    "powers": (PowerListEntry, _("权责清单事项")),
    "tallies": (DecisionTally, _("许可、处罚、强制处理决定数量")),
    "fees": (FeeCollection, _("行政事业性收费")),
    "procurement": (ProcurementProject, _("政府集中采购")),
}


@login_required
def register_list(request, kind):
    if kind not in REGISTERS:
        raise Http404
    model, title = REGISTERS[kind]
    agency, agencies = _agency(request, "agency.read")
    editable = can(request.user, "register.edit", agency)
    Form = register_form(model)
    form = Form(request.POST or None, agency=agency) if editable else None
    if request.method == "POST":
        require(request.user, "register.edit", agency)
        if form.is_valid():
            try:
                registers.register_record_save(actor=request.user, record=form.instance)
            except ValidationError as exc:
                add_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{request.path}?agency={agency.slug}")
    listing = _register_listing(request, model, agency)
    columns = [model._meta.get_field(f) for f in Form._meta.fields]
    rows = [[_display(r, f) for f in columns] for r in listing.page.object_list]
    year = year_param(request, default=timezone.localdate().year - 1)
    return render(
        request,
        "disclosure/register_list.html",
        {
            "agency": agency,
            "agencies": agencies,
            "kind": kind,
            "title": title,
            "form": form,
            "editable": editable,
            "columns": columns,
            "rows": rows,
            "registers": REGISTERS,
            "year": year,
            "listing": listing,
            "section": _as_rows(
                year, selectors.section_two(agency=agency, year=year, report_format=format_for_year(year).code)
            ),
        },
    )


def _as_rows(year, tables):
    """[(table code, table title, [(row label, [(column label, number)])])] in the year's format
    (nested lists: a template would read a column named "items" as dict.items)."""
    spec = format_for_year(year)
    out = []
    for code, rows in tables.items():
        declared = spec.table(code)
        out.append(
            (
                code,
                declared.title,
                [
                    (declared.row(row).label, [(declared.column(col).label, v) for col, v in cells.items()])
                    for row, cells in rows.items()
                ],
            )
        )
    return out


def _register_listing(request, model, agency):
    """A register's records, paged; filtered by year (of 制发 for documents) and searched by name or number.
    The parameter is `in_year`: `year` chooses the year of the section 二 table below the list."""
    fields = {f.name for f in model._meta.get_fields()}
    year_field = "year" if "year" in fields else "made_on__year"
    records = model.objects.filter(agency=agency)
    years = sorted({y for y in records.order_by().values_list(year_field, flat=True).distinct() if y}, reverse=True)
    chosen = lists.choice(request, "in_year", years)
    if chosen:
        records = records.filter(**{year_field: int(chosen)})
    sorts = {
        "default": Sort(gettext_lazy("年度（新到旧）"), tuple(model._meta.ordering[1:])),
        "recent": Sort(gettext_lazy("最近登记"), ("-pk",)),
    }
    return lists.listing(
        request,
        records,
        sorts=sorts,
        keep={"agency": agency.slug},
        search_fields=tuple(f for f in ("title", "name", "doc_number", "code") if f in fields),
        filters=[Filter("in_year", _("年度"), [(str(y), str(y)) for y in years], chosen)],
    )


def _display(record, field):
    display = getattr(record, f"get_{field.name}_display", None)
    value = display() if display else getattr(record, field.name)
    return "" if value is None else value


TALLY_SESSION = "disclosure_tally_import"


@login_required
def tally_import(request):
    """Upload → preview with errors per row → confirm. Nothing is written before the confirmation."""
    agency, _agencies = _agency(request, "register.edit")
    form, rows, ready = TallyImportForm(), [], False
    if request.method == "POST" and "confirm" in request.POST:
        pending = request.session.get(TALLY_SESSION)
        if not pending or pending.get("agency") != agency.pk:
            messages.error(request, _("没有待确认的导入，请重新上传文件。"))
            return redirect(f"{request.path}?agency={agency.slug}")
        count = registers.tallies_import(actor=request.user, agency=agency, rows=pending["rows"])
        del request.session[TALLY_SESSION]
        messages.success(request, _("已导入 %(n)s 行处理决定数量。") % {"n": count})
        return redirect(f"{reverse('disclosure:register', args=['tallies'])}?agency={agency.slug}")
    if request.method == "POST":
        form = TallyImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                rows = registers.parse_tallies(upload.name, upload.read())
            except registers.TallyFileError as exc:
                form.add_error("file", str(exc))
            else:
                bad = [r for r in rows if r.errors]
                ready = not bad
                if bad:
                    request.session.pop(TALLY_SESSION, None)
                    messages.error(
                        request,
                        _("第 %(lines)s 行有错误，修改文件后重新上传；本次没有导入任何数据。")
                        % {"lines": "、".join(str(r.line) for r in bad[:10])},
                    )
                else:
                    request.session[TALLY_SESSION] = {"agency": agency.pk, "rows": [r.as_dict() for r in rows]}
    return render(
        request, "disclosure/tally_import.html", {"agency": agency, "form": form, "rows": rows, "ready": ready}
    )


# ---- village boards ----


@login_required
def board_list(request):
    """The township's village boards; each printable sheet is the portal's (one view: the sheet
    shows only what is public, so staff print the same page the villagers see)."""
    agency, agencies = _agency(request, "item.read")
    return render(
        request,
        "disclosure/board_list.html",
        {
            "agency": agency,
            "agencies": agencies,
            "boards": selectors.board_counts(agency=agency),
        },
    )
