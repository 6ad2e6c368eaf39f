"""Letters to the applicant: default statutory texts, rendering, DOCX and PDF.

The texts follow the usual wording of 告知书 under the 2019 条例; each agency may edit its own
copy (LetterTemplate) in the admin. Paragraphs are separated by blank lines. Letters never carry
the applicant's ID or phone number.
"""

from django.template import Context, Template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from gongkai.core import letter as core_letter

from .models import LetterKind, LetterTemplate

K = LetterKind

HEAD = "{{ case.applicant_display }}：\n\n"
RECEIVED = (
    "本机关于 {{ case.received_on|date:'Y年n月j日' }} 收到您（单位）提出的政府信息公开申请"
    "（申请编号：{{ case.number }}），申请获取“{{ case.info_summary }}”。"
)
REMEDY = (
    "如对本告知书不服，可以自收到本告知书之日起六十日内向{{ review_body }}申请行政复议，"
    "或者自收到本告知书之日起六个月内依法向人民法院提起行政诉讼。"
)
FOOT = "\n\n{{ agency.name }}\n{{ today|date:'Y年n月j日' }}"

DEFAULTS = {
    K.CORRECTION: (
        "补正申请通知书",
        HEAD + RECEIVED + "\n\n经审查，您的申请内容不明确。根据《中华人民共和国政府信息公开条例》第三十条的规定，"
        "请您于 {{ limit|date:'Y年n月j日' }} 前对申请作出补正：{{ note }}\n\n"
        "您可以凭查询码在本机关政府信息公开平台的申请人页面（{{ applicant_url }}）在线补正，"
        "也可以将补正后的申请送交或邮寄至{{ agency.ogi_office }}"
        "{% if agency.ogi_address %}（地址：{{ agency.ogi_address }}{% if agency.ogi_postcode %}，邮编：{{ agency.ogi_postcode }}{% endif %}）{% endif %}"
        "{% if agency.ogi_phone %}，联系电话：{{ agency.ogi_phone }}{% endif %}。\n\n"
        "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请，本机关不再处理该政府信息公开申请。"
        + FOOT,
    ),
    K.EXTENSION: (
        "延期答复告知书",
        HEAD
        + RECEIVED
        + "\n\n因{{ note }}，本机关不能在收到申请之日起 20 个工作日内作出答复。根据《中华人民共和国政府信息公开条例》"
        "第三十三条第二款的规定，经本机关政府信息公开工作机构负责人同意，答复期限延长 {{ case.extension_days }} 个工作日，"
        "最迟于 {{ due|date:'Y年n月j日' }}前作出答复。" + FOOT,
    ),
    K.DUE_NOTICE: (
        "答复期限告知书",
        HEAD + RECEIVED + "\n\n国务院办公厅公布了有关年度的节假日安排，本机关据此重新核算了答复期限。"
        "本机关将于 {{ due|date:'Y年n月j日' }}前作出答复，此前告知的日期（{{ promised|date:'Y年n月j日' }}）不再适用。{{ note }}"
        + FOOT,
    ),
    K.THIRD_PARTY: (
        "征求第三方意见书",
        "{{ party }}：\n\n本机关收到的政府信息公开申请（申请编号：{{ case.number }}）所申请的政府信息可能涉及您（单位）的合法权益。"
        "根据《中华人民共和国政府信息公开条例》第三十二条的规定，现书面征求您（单位）的意见：{{ note }}\n\n"
        "请自收到本意见书之日起 15 个工作日内提出意见。逾期未提出意见的，由本机关依照条例的规定决定是否公开。" + FOOT,
    ),
    K.FEE: (
        "收费通知书",
        HEAD
        + RECEIVED
        + "\n\n您（单位）申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
        "第四十二条和《政府信息公开信息处理费管理办法》的规定，本机关收取信息处理费 {{ case.fee_amount }} 元。{{ fee_explanation }}\n\n"
        "请于 {{ limit|date:'Y年n月j日' }} 前缴纳。逾期未缴纳的，视为放弃申请，本机关不再处理该政府信息公开申请。\n\n"
        + REMEDY
        + FOOT,
    ),
    K.REASONS: (
        "说明理由通知书",
        HEAD
        + RECEIVED
        + "\n\n您（单位）申请公开政府信息的数量、频次明显超过合理范围。根据《中华人民共和国政府信息公开条例》"
        "第三十五条的规定，请您说明理由：{{ note }}" + FOOT,
    ),
    K.LATER_DEADLINE: (
        "延长答复期限告知书",
        HEAD
        + RECEIVED
        + "\n\n经审查，您（单位）说明的理由合理，但本机关无法在规定期限内答复。根据《中华人民共和国政府信息公开条例》"
        "第三十五条的规定，本机关确定的答复期限为 {{ case.later_deadline|date:'Y年n月j日' }}。{{ note }}" + FOOT,
    ),
    K.GRANTED: (
        "政府信息公开告知书",
        HEAD + RECEIVED + "\n\n经审查，根据《中华人民共和国政府信息公开条例》第三十六条的规定，本机关决定予以公开，"
        "现以{{ case.get_delivery_display }}方式向您提供。{{ case.outcome_reason }}\n\n" + REMEDY + FOOT,
    ),
    K.PARTIAL: (
        "政府信息部分公开告知书",
        HEAD
        + RECEIVED
        + "\n\n经审查，根据《中华人民共和国政府信息公开条例》第三十七条的规定，您申请的信息中含有不应当公开的内容，"
        "但能够作区分处理。本机关向您提供可以公开的部分；对不予公开的部分，理由如下：{{ case.outcome_reason }}\n\n"
        + REMEDY
        + FOOT,
    ),
    K.REFUSED: (
        "政府信息不予公开告知书",
        HEAD
        + RECEIVED
        + "\n\n经审查，您申请的信息{{ outcome_label }}。根据《中华人民共和国政府信息公开条例》第三十六条第（三）项的规定，"
        "本机关决定不予公开。理由及依据：{{ case.outcome_reason }}\n\n" + REMEDY + FOOT,
    ),
    K.UNABLE: (
        "政府信息无法提供告知书",
        HEAD + RECEIVED + "\n\n经审查，{{ outcome_label }}。根据《中华人民共和国政府信息公开条例》第三十六条的规定，"
        "本机关无法向您提供。{{ case.outcome_reason }}\n\n" + REMEDY + FOOT,
    ),
    K.NOT_HANDLED: (
        "政府信息公开申请不予处理告知书",
        HEAD
        + RECEIVED
        + "\n\n经审查，{{ outcome_label }}。根据《中华人民共和国政府信息公开条例》的规定，本机关不予处理。"
        "{{ case.outcome_reason }}\n\n" + REMEDY + FOOT,
    ),
    K.OTHER: (
        "政府信息公开申请终止处理告知书",
        HEAD
        + RECEIVED
        + "\n\n{{ outcome_label }}，本机关不再处理该政府信息公开申请。{{ case.outcome_reason }}\n\n"
        + REMEDY
        + FOOT,
    ),
}


def template_for(agency, kind) -> LetterTemplate:
    """The agency's template of a kind, seeded from the default text on first use."""
    title, body = DEFAULTS[kind]
    obj, _created = LetterTemplate.objects.get_or_create(
        agency=agency, kind=kind, defaults={"title": title, "body": body}
    )
    return obj


def seed_templates(agency) -> None:
    for kind in DEFAULTS:
        template_for(agency, kind)


def review_body(agency) -> str:
    """Where an applicant asks for 行政复议: the government one level up (县级以上地方人民政府)."""
    return agency.supervisor.name if agency.supervisor_id else "上一级行政机关"


def render_letter(agency, kind, context: dict) -> tuple[str, str]:
    tpl = template_for(agency, kind)
    ctx = {"agency": agency, "review_body": review_body(agency), **context}
    body = Template(tpl.body).render(Context(ctx, autoescape=False))
    return tpl.title, body.strip()


# ---- the printed letter: the one document stack of gongkai.core (GB/T 9704) ----


def contact_line(agency) -> str:
    """附注: who the applicant may call about the letter."""
    parts = []
    if agency.ogi_contact:
        parts.append(_("联系人：%(name)s") % {"name": agency.ogi_contact})
    if agency.ogi_phone:
        parts.append(_("联系电话：%(phone)s") % {"phone": agency.ogi_phone})
    return "（%s）" % "；".join(parts) if parts else ""


def document(letter) -> core_letter.Letter:
    """A letter as issued, laid out: the addressee line flush left, the closing lines (署名 and
    date) at the right with room for the seal, the agency's contact under them."""
    paragraphs = letter.paragraphs
    addressee = ""
    if len(paragraphs) > 1 and paragraphs[0].endswith(("：", ":")) and "\n" not in paragraphs[0]:
        addressee, paragraphs = paragraphs[0], paragraphs[1:]
    signature: tuple[str, ...] = ()
    if len(paragraphs) > 1 and "\n" in paragraphs[-1]:
        signature, paragraphs = tuple(paragraphs[-1].split("\n")), paragraphs[:-1]
    agency = letter.case.agency
    return core_letter.Letter(
        letterhead=agency.name,
        title=letter.title,
        number=letter.number,
        addressee=addressee,
        paragraphs=tuple(paragraphs),
        signature=signature,
        contact=contact_line(agency),
    )


def letter_html(letter) -> str:
    return core_letter.letter_html(document(letter))


def letter_docx(letter) -> bytes:
    return core_letter.letter_docx(document(letter))


def letter_pdf(letter) -> bytes:
    return core_letter.letter_pdf(document(letter))


# ---- the receipt (回执) of an application ----


def receipt_document(case, deadline=None) -> core_letter.Letter:
    """回执: what was asked, when it reached the agency, the query code and the answer deadline.
    `deadline` is the case's Deadline once the receipt is confirmed (第三十一条)."""
    agency = case.agency
    submitted = timezone.localtime(case.submitted_at)
    request = [
        text
        for text in (
            case.info_name and _("政府信息名称：%(v)s") % {"v": case.info_name},
            case.info_doc_number and _("文号：%(v)s") % {"v": case.info_doc_number},
            case.info_description and _("所需信息的特征性描述：%(v)s") % {"v": case.info_description},
        )
        if text
    ]
    paragraphs = [
        _("本机关已收到您（单位）提出的政府信息公开申请，申请编号 %(number)s。申请内容如下：")
        % {"number": case.number},
        *request,
        _("提交时间：%(at)s（%(channel)s）。")
        % {"at": date_format(submitted, "Y年n月j日 H:i"), "channel": case.get_channel_display()},
    ]
    if case.received_on:
        paragraphs.append(
            _("收到申请日：%(day)s（《中华人民共和国政府信息公开条例》第三十一条）。")
            % {"day": date_format(case.received_on, "Y年n月j日")}
        )
    if deadline is not None:
        paragraphs.append(
            _(
                "根据条例第三十三条，本机关将于 %(due)s 前作出答复；需要补正或者征求第三方、其他机关意见的，"
                "所需时间不计算在内，延长答复期限的，本机关将另行书面告知。"
            )
            % {"due": date_format(deadline.date, "Y年n月j日")}
        )
    else:
        paragraphs.append(
            _(
                "本机关确认收到申请后开始计算答复期限：一般为收到申请之日起 20 个工作日，"
                "经政府信息公开工作机构负责人同意可延长不超过 20 个工作日。"
            )
        )
    paragraphs.append(
        _("查询码：%(code)s。请妥善保存，凭查询码可在本机关政府信息公开平台查询办理进度和答复。")
        % {"code": case.query_code}
    )
    signed_on = case.received_on or submitted.date()
    return core_letter.Letter(
        letterhead=agency.name,
        title=_("政府信息公开申请回执"),
        number=case.number,
        addressee=f"{case.applicant_display}：",
        paragraphs=tuple(paragraphs),
        signature=(agency.ogi_office or agency.name, date_format(signed_on, "Y年n月j日")),
        contact=contact_line(agency),
    )


def receipt_docx(case, deadline=None) -> bytes:
    return core_letter.letter_docx(receipt_document(case, deadline))


def receipt_pdf(case, deadline=None) -> bytes:
    return core_letter.letter_pdf(receipt_document(case, deadline))
