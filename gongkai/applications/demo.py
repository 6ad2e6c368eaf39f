"""Demo applications at 高沙窝镇: live cases in every state (one received 2026-09-28, across the
National Day holiday; one whose deadline falls in 2027, provisional until that calendar is
entered) and decided cases of 2025 and 2026 with varied outcomes and applicants.

Everything goes through the service functions, so the demo is also a check of the transitions.
Idempotent: nothing is added when 高沙窝镇 already has applications.

One citizen account, 马文华's (DEMO_CITIZEN, shown on the citizens' sign-in page in debug mode and
in README.md), holds two of his applications: one decided with its letter, one just submitted."""

from datetime import date as D

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency

from . import services as s
from .citizens import application_claim
from .letters import seed_templates
from .models import Application, Citizen
from .outcomes import outcome_for
from .validators import id_check_char, uscc_check_char


def person_id(stem17: str) -> str:
    return stem17 + id_check_char(stem17)


def credit_code(stem17: str) -> str:
    return stem17 + uscc_check_char(stem17)


PEOPLE = [
    ("马文华", person_id("64032319800312103"), "13995310001"),
    ("王秀兰", person_id("64032319751105202"), "13895320002"),
    ("李建国", person_id("64030219680721151"), "15109530003"),
    ("张丽", person_id("64032319920214242"), "18709530004"),
    ("杨志强", person_id("64038119850930301"), "13709530005"),
]
ORGS = {
    "commercial": ("盐池县沙窝滩牧业有限公司", credit_code("91640323MA76A1234")),
    "research": ("宁夏农林科学院荒漠化治理研究所", credit_code("12640000MB1234567")),
    "social": ("盐池县滩羊产业协会", credit_code("51640323MJ0987654")),
    "legal": ("宁夏盐州律师事务所", credit_code("31640000MD7654321")),
}


def fields(i, info, applicant_type="natural", delivery="email", **extra):
    name, id_number, phone = PEOPLE[i % len(PEOPLE)]
    data = {
        "applicant_type": applicant_type,
        "name": name,
        "id_type": "resident",
        "id_number": id_number,
        "phone": phone,
        "email": f"applicant{i}@example.org",
        "address": "宁夏盐池县高沙窝镇",
        "postcode": "751503",
        "info_name": info,
        "info_description": "",
        "delivery": delivery,
    }
    if applicant_type != "natural":
        data["org_name"], data["org_credit_code"] = ORGS[applicant_type]
    data.update(extra)
    return data


@transaction.atomic
def load():
    gaoshawo = Agency.objects.filter(slug="gaoshawo").first()
    if gaoshawo is None:
        return
    for agency in Agency.objects.all():
        s.settings_for(agency)
        seed_templates(agency)
    if Application.objects.filter(agency=gaoshawo).exists():
        demo_citizen(gaoshawo)  # a demo loaded before the accounts existed gets it too
        return
    users = get_user_model().objects.in_bulk(["alice", "grace"], field_name="username")
    alice, grace = users["alice"], users["grace"]

    def paper(i, info, received_on, channel="in_person", **kw):
        return s.application_register(
            agency=gaoshawo, actor=alice, fields=fields(i, info, **kw), channel=channel, received_on=received_on
        )

    # 2025: decided cases of varied outcomes and applicants.
    c = paper(0, "2025年高沙窝镇高标准农田建设项目实施方案", D(2025, 3, 10))
    c = s.case_decide(case=c, actor=alice, on=D(2025, 3, 28), outcome="granted", reason="")
    c = s.case_serve(case=c, actor=alice, on=D(2025, 3, 31), method="电子邮件")
    s.case_close(case=c, actor=alice, on=D(2025, 4, 1))
    c = paper(
        1, "长流墩村集体土地征收补偿方案", D(2025, 5, 12), "post_signed", applicant_type="commercial", delivery="paper"
    )
    c = s.case_decide(
        case=c,
        actor=alice,
        on=D(2025, 6, 3),
        outcome=outcome_for("无法提供：本机关不掌握相关政府信息"),
        reason="该信息由盐池县自然资源局制作保存，本机关不掌握。",
    )
    s.case_serve(case=c, actor=alice, on=D(2025, 6, 5), method="邮寄（挂号信）")
    c = paper(2, "高沙窝镇2024年度财政预算执行情况", D(2025, 7, 7), applicant_type="legal")
    s.case_decide(
        case=c,
        actor=alice,
        on=D(2025, 7, 9),
        outcome=outcome_for("不予处理：重复申请"),
        reason="与本机关已答复的申请内容相同。",
    )
    c = paper(3, "关于宝塔村道路", D(2025, 9, 1), applicant_type="research")
    s.case_request_correction(
        case=c, actor=alice, on=D(2025, 9, 3), limit=D(2025, 9, 17), note="请写明所需信息的名称、文号或时间范围。"
    )
    s.case_abandon(case=c, actor=alice, on=D(2025, 9, 22))
    c = paper(4, "高沙窝镇党委会议纪要（讨论滩羊产业扶持资金部分）", D(2025, 11, 3), applicant_type="social")
    s.case_decide(
        case=c,
        actor=alice,
        on=D(2025, 11, 20),
        outcome=outcome_for("不予公开：属于四类过程性信息"),
        reason="属于讨论记录，为过程性信息（第十六条第二款）。",
    )
    # Received in December 2025, decided in 2026: carried over.
    c = paper(0, "2025年冬季取暖补贴发放名单", D(2025, 12, 22))
    s.case_decide(
        case=c,
        actor=alice,
        on=D(2026, 1, 15),
        outcome="partial",
        reason="名单中的身份证号码、银行账号属于个人隐私，已作区分处理。",
    )

    # 2026, decided.
    c = paper(1, "2026年高沙窝镇农村低保对象名单", D(2026, 3, 2), "online")
    c = s.case_decide(case=c, actor=alice, on=D(2026, 3, 20), outcome="granted", reason="")
    s.case_serve(case=c, actor=alice, on=D(2026, 3, 20), method="电子邮件")
    c = paper(2, "高沙窝镇综合执法队2026年行政处罚决定书", D(2026, 4, 8), applicant_type="legal")
    c = s.case_decide(
        case=c,
        actor=alice,
        on=D(2026, 4, 29),
        outcome=outcome_for("不予公开：属于行政执法案卷"),
        reason="属于行政执法案卷信息。",
    )
    c = s.case_serve(case=c, actor=alice, on=D(2026, 4, 30), method="当面领取")
    s.case_close(case=c, actor=alice, on=D(2026, 5, 6))
    c = paper(3, "施记圈村光伏项目用地审批材料", D(2026, 6, 15), "fax", applicant_type="commercial")
    c = s.case_fee_notice(case=c, actor=alice, on=D(2026, 6, 18), method="per_page", pages=45)
    s.case_fee_lapsed(case=c, actor=alice, on=D(2026, 7, 20))
    c = paper(4, "高沙窝镇2026年防汛应急预案", D(2026, 10, 12))
    s.case_decide(
        case=c, actor=alice, on=D(2026, 11, 5), outcome="partial", reason="涉及第三方联系方式的部分不予公开。"
    )

    # Live cases, one per state.
    s.application_submit(agency=gaoshawo, fields=fields(0, "二步坑村2026年村务公开栏照片"))
    paper(1, "高沙窝镇2026年第三季度惠民资金发放明细", D(2026, 9, 28))  # due 2026-10-30
    c = paper(2, "关于南梁村的文件", D(2026, 11, 12))
    s.case_request_correction(
        case=c, actor=alice, on=D(2026, 11, 16), limit=D(2026, 11, 30), note="请写明文件名称或发文时间。"
    )
    c = paper(3, "兴武营村集体经济合作社分红方案", D(2026, 11, 2), applicant_type="commercial")
    s.case_consult(
        case=c,
        actor=alice,
        on=D(2026, 11, 10),
        kind="third_party",
        party="兴武营村股份经济合作社",
        note="是否同意公开分红方案",
    )
    c = paper(4, "高沙窝镇2020年以来全部会议记录", D(2026, 11, 9), applicant_type="research")
    s.case_fee_notice(case=c, actor=alice, on=D(2026, 11, 12), method="per_page", pages=120)
    c = paper(0, "高沙窝镇全部村民低保审批表", D(2026, 11, 10))
    s.case_ask_reasons(case=c, actor=alice, on=D(2026, 11, 13), note="请说明申请大量信息的理由。")
    c = paper(2, "高沙窝镇2026年人居环境整治项目资金使用情况", D(2026, 11, 16), applicant_type="social")
    s.case_extend(case=c, actor=grace, on=D(2026, 11, 18), days=20, note="需要向多个站所调取资料")  # due in 2027
    demo_citizen(gaoshawo)


# login (马文华's mobile number in PEOPLE), password, and the applications his account holds
DEMO_CITIZEN = ("13995310001", "mawenhua-2026", ["2025年冬季取暖补贴发放名单", "二步坑村2026年村务公开栏照片"])


def demo_citizen(gaoshawo) -> None:
    """马文华's account, verified (as if he had typed the code), with two of his applications
    claimed through the service, as he would claim them with their query codes."""
    login, password, infos = DEMO_CITIZEN
    if Citizen.objects.filter(login=login).exists():
        return
    citizen = Citizen.objects.create(login=login, password=make_password(password), verified_at=timezone.now())
    for case in Application.objects.filter(agency=gaoshawo, info_name__in=infos, citizen__isnull=True):
        application_claim(citizen=citizen, code=case.query_code)
