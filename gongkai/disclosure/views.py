"""Staff pages of 主动公开 (/staff/disclosure/). Thin: forms in, services out."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gongkai.accounts.models import Region
from gongkai.accounts.permissions import agencies_where, can, require

from . import registers, selectors, services
from .boards import PAPERS, board_sheet_pdf
from .catalog import tree_order
from .forms import (
    AttachmentForm, CategoryForm, CorrectForm, ItemForm, NoteForm, PublishForm, ReasonForm, TallyImportForm,
    ValidityForm, apply_errors, register_form,
)
from .models import (
    Category, DecisionTally, FeeCollection, Item, ItemAttachment, NormativeDocument, PowerListEntry,
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


def _item(request, pk):
    item = get_object_or_404(Item.objects.select_related("agency", "unit", "category", "region"), pk=pk)
    require(request.user, "item.read", item.agency)
    return item


@login_required
def item_list(request):
    agency, agencies = _agency(request, "item.read")
    state = request.GET.get("state", "")
    if state and state not in Item.State.values:
        state = ""
    items = selectors.items_for(request.user, state=state or None, agency=agency)[:200]
    counts = selectors.state_counts(request.user, agency=agency)
    tabs = [(value, label, counts.get(value, 0)) for value, label in Item.State.choices]
    return render(request, "disclosure/item_list.html", {
        "agency": agency, "agencies": agencies, "items": items, "state": state, "tabs": tabs,
        "total": sum(counts.values()), "can_draft": can(request.user, "item.draft", agency),
    })


@login_required
def item_new(request):
    agency, _agencies = _agency(request, "item.draft")
    form = ItemForm(request.POST or None, request.FILES or None, agency=agency,
                    initial={"formed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                item = services.item_create(actor=request.user, agency=agency,
                                            channels=form.cleaned_data["channels"], **form.item_fields())
                if form.cleaned_data.get("attachment"):
                    services.item_attach(actor=request.user, item=item, upload=form.cleaned_data["attachment"])
        except ValidationError as exc:
            apply_errors(form, exc)
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
            services.item_update(actor=request.user, item=item, channels=form.cleaned_data["channels"],
                                 **form.item_fields())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            if form.body_stripped:
                messages.warning(request, _("正文中的脚本、样式或事件属性已被移除。"))
            messages.success(request, _("已保存。"))
            return redirect("disclosure:item", item.pk)
    return render(request, "disclosure/item_form.html", {"form": form, "agency": item.agency, "item": item})


def _actions(user, item):
    """Which actions this user may take on this item now, by name."""
    a, unit = item.agency, item.unit
    S = Item.State
    allowed = set()
    if item.state == S.DRAFT and can(user, "item.draft", a):
        allowed |= {"edit", "attach", "submit"}
    if item.state == S.UNIT_REVIEW and can(user, "item.review_unit", a, unit):
        allowed |= {"approve_unit", "send_back"}
    if item.state == S.LEADER_REVIEW and can(user, "item.review_leader", a, unit):
        allowed |= {"approve_leader", "send_back"}
    if item.state == S.OGI_REVIEW and can(user, "item.publish", a):
        allowed |= {"publish", "send_back"}
    if item.state == S.PUBLISHED and can(user, "item.publish", a):
        allowed |= {"correct", "withdraw", "validity"}
    if item.state == S.SCHEDULED and can(user, "item.publish", a):
        allowed |= {"withdraw"}
    return allowed


@login_required
def item_detail(request, pk, forms=None):
    """The review page: a staff preview of the item, its trail, and the actions open to the user."""
    item = _item(request, pk)
    actions = _actions(request.user, item)
    forms = forms or {}
    context = {
        "item": item, "actions": actions,
        "channels": item.channels.all(), "attachments": item.attachments.all(),
        "events": item.events.select_related("actor").order_by("at", "pk"),
        "versions": item.versions.order_by("number"),
        "history": selectors.item_history(item),
        "findings": services.personal_data_in(item) if actions & {"publish", "submit", "approve_unit",
                                                                  "approve_leader"} else [],
        "publish_form": forms.get("publish") or PublishForm(),
        "send_back_form": forms.get("send_back") or ReasonForm(),
        "withdraw_form": forms.get("withdraw") or ReasonForm(),
        "note_form": NoteForm(),
        "attach_form": forms.get("attach") or AttachmentForm(),
        "correct_form": forms.get("correct") or CorrectForm(initial={"title": item.title, "body": item.body}),
        "validity_form": ValidityForm(initial={"validity": item.validity}),
    }
    return render(request, "disclosure/item_detail.html", context, status=400 if forms else 200)


@login_required
@require_POST
def item_action(request, pk, action):
    item = _item(request, pk)
    user = request.user
    done = {
        "submit": _("已提交站所负责人审核。"), "approve_unit": _("已审核通过，转分管领导。"),
        "approve_leader": _("已审核通过，转党政办。"), "publish": _("已发布。"), "send_back": _("已退回起草人。"),
        "withdraw": _("已撤回。"), "correct": _("已发布更正。"), "validity": _("已更新有效性。"),
        "attach": _("已上传附件。"),
    }
    if action not in done:
        raise Http404
    form = None
    try:
        if action == "submit":
            services.item_submit(actor=user, item=item)
        elif action in ("approve_unit", "approve_leader"):
            note = request.POST.get("note", "")
            getattr(services, f"item_{action}")(actor=user, item=item, note=note)
        elif action in ("send_back", "withdraw"):
            form = ReasonForm(request.POST)
            if not form.is_valid():
                return item_detail(request, pk, forms={action: form})
            if action == "send_back":
                services.item_send_back(actor=user, item=item, reason=form.cleaned_data["reason"])
            else:
                services.item_withdraw(actor=user, item=item, reason=form.cleaned_data["reason"])
        elif action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                return item_detail(request, pk, forms={"publish": form})
            item = services.item_publish(
                actor=user, item=item, secrecy=form.secrecy(),
                personal_data_reason=form.cleaned_data["personal_data_reason"],
                publish_at=form.cleaned_data["publish_at"], expires_at=form.cleaned_data["expires_at"],
            )
            if item.state == Item.State.SCHEDULED:
                done["publish"] = _("已设定定时发布：%(t)s。") % {"t": timezone.localtime(item.publish_at).strftime("%Y-%m-%d %H:%M")}
            elif item.is_late:
                done["publish"] = _("已发布。该信息超过 20 个工作日才公开，已记为逾期公开。")
        elif action == "correct":
            form = CorrectForm(request.POST)
            if not form.is_valid():
                return item_detail(request, pk, forms={"correct": form})
            services.item_correct(actor=user, item=item, note=form.cleaned_data["note"],
                                  title=form.cleaned_data["title"], body=form.cleaned_data["body"],
                                  personal_data_reason=form.cleaned_data["personal_data_reason"])
            if form.body_stripped:
                messages.warning(request, _("正文中的脚本、样式或事件属性已被移除。"))
        elif action == "validity":
            form = ValidityForm(request.POST)
            if form.is_valid():
                services.item_set_validity(actor=user, item=item, validity=form.cleaned_data["validity"],
                                           note=form.cleaned_data["note"])
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            if not form.is_valid():
                return item_detail(request, pk, forms={"attach": form})
            services.item_attach(actor=user, item=item, upload=form.cleaned_data["attachment"])
    except ValidationError as exc:
        key = action if action in ("publish", "send_back", "withdraw", "correct", "attach") else None
        if key and form is not None:
            apply_errors(form, exc)
            return item_detail(request, pk, forms={key: form})
        for message in exc.messages:
            messages.error(request, message)
        return redirect("disclosure:item", item.pk)
    messages.success(request, done[action])
    return redirect("disclosure:item", item.pk)


@login_required
def attachment_download(request, pk):
    attachment = get_object_or_404(ItemAttachment.objects.select_related("item__agency"), pk=pk)
    require(request.user, "item.read", attachment.item.agency)
    response = HttpResponse(attachment.file.read(), content_type=attachment.mime)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(attachment.name)}"
    return response


def _quote(name):
    from urllib.parse import quote

    return quote(name)


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
                apply_errors(form, exc)
            else:
                messages.success(request, _("已添加类目。"))
                return redirect(f"{request.path}?agency={agency.slug}")
    categories = Category.objects.filter(agency=agency).select_related("parent")
    return render(request, "disclosure/catalog.html", {
        "agency": agency, "agencies": agencies, "tree": tree_order(categories), "form": form, "editable": editable,
    })


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
                apply_errors(form, exc)
            else:
                messages.success(request, _("已保存。"))
                return redirect(f"{request.path}?agency={agency.slug}")
    records = model.objects.filter(agency=agency)[:500]
    columns = [model._meta.get_field(f) for f in Form._meta.fields]
    rows = [[_display(r, f) for f in columns] for r in records]
    year = _year(request.GET.get("year"), timezone.localdate().year - 1)
    return render(request, "disclosure/register_list.html", {
        "agency": agency, "agencies": agencies, "kind": kind, "title": title, "form": form, "editable": editable,
        "columns": columns, "rows": rows, "registers": REGISTERS, "year": year,
        "section": _as_rows(selectors.section_two(agency=agency, year=year, report_format="2019" if year < 2021 else "2021")),
    })


def _as_rows(tables):
    """dict[table][row][column] as nested lists (a template would read a column named "items" as dict.items)."""
    return [(code, [(row, list(cells.items())) for row, cells in rows.items()]) for code, rows in tables.items()]


def _year(text, default):
    try:
        year = int(text)
    except (TypeError, ValueError):
        return default
    return year if 2000 <= year <= 2100 else default


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
                    messages.error(request, _("第 %(lines)s 行有错误，修改文件后重新上传；本次没有导入任何数据。")
                                   % {"lines": "、".join(str(r.line) for r in bad[:10])})
                else:
                    request.session[TALLY_SESSION] = {"agency": agency.pk, "rows": [r.as_dict() for r in rows]}
    return render(request, "disclosure/tally_import.html", {"agency": agency, "form": form, "rows": rows, "ready": ready})


# ---- village boards ----


@login_required
def board_list(request):
    agency, agencies = _agency(request, "item.read")
    return render(request, "disclosure/board_list.html", {
        "agency": agency, "agencies": agencies, "boards": selectors.board_counts(agency=agency),
    })


@login_required
def board_sheet(request, region_id):
    village = get_object_or_404(Region, pk=region_id, level=Region.Level.VILLAGE)
    agency = village.parent.agencies.first() if village.parent else None
    require(request.user, "item.read", agency)
    paper = request.GET.get("paper", "A4").upper()
    if paper not in PAPERS:
        paper = "A4"
    pdf = board_sheet_pdf(village=village, paper=paper)
    response = HttpResponse(pdf, content_type="application/pdf")
    name = _("%(village)s村务公开栏-%(date)s-%(paper)s.pdf") % {
        "village": village.name, "date": f"{timezone.localdate():%Y%m%d}", "paper": paper,
    }
    response["Content-Disposition"] = f"inline; filename*=UTF-8''{_quote(name)}"
    return response
