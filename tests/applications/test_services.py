"""The life of a case, with dates counted by hand on the 2026 calendar."""

from datetime import date as D
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.applications import services as s
from gongkai.applications.deadlines import case_deadline
from gongkai.applications.models import Application, CaseEvent, Letter
from gongkai.applications.selectors import case_warnings

from .conftest import applicant

# The dates below were counted by hand on the 2026 calendar (国庆节, 调休): the story is told on 1 December 2026.
pytestmark = [pytest.mark.django_db, pytest.mark.today("2026-12-01")]
S = Application.Status


def test_it_numbers_applications_per_agency_and_year(register):
    a, b = register(), register(info_name="另一份信息")
    assert a.number == "高沙窝政公开申〔2026〕第0001号"
    assert b.number == "高沙窝政公开申〔2026〕第0002号"
    assert len(a.query_code) == 12 and a.query_code != b.query_code


def test_a_paper_application_is_due_20_working_days_after_receipt(register):
    case = register()
    assert case.status == S.RECEIVED and case.due_date == D(2026, 10, 30) and not case.due_provisional
    event = case.events.get()
    assert event.basis == "第三十一条" and "当面提交" in event.reason


def test_an_online_application_starts_the_clock_when_alice_confirms_it(people, gaoshawo):
    case = s.application_submit(agency=gaoshawo, fields=applicant())
    assert case.status == S.SUBMITTED and case.received_on is None and case.due_date is None
    case = s.case_confirm_receipt(case=case, actor=people["alice"], on=s.today())
    assert case.status == S.RECEIVED and case.received_on == s.today() and case.due_date


def test_grace_extends_by_20_working_days_and_the_applicant_is_told(register, people):
    case = register()
    case = s.case_extend(case=case, actor=people["grace"], on=D(2026, 10, 20), days=20, note="需要调取档案")
    assert case.due_date == D(2026, 11, 27)
    letter = case.letters.get(kind="extension")
    assert "2026年11月27日" in letter.body and "20 个工作日" in letter.body
    assert "高沙窝政公开告〔2026〕第0001号" == letter.number


def test_alice_may_not_extend_without_the_ogi_head(register, people):
    with pytest.raises(PermissionDenied):
        s.case_extend(case=register(), actor=people["alice"], on=D(2026, 10, 20), days=20, note="x")


def test_an_extension_happens_once_and_is_at_most_20_days(register, people):
    case = register()
    with pytest.raises(ValidationError, match="1 至 20"):
        s.case_extend(case=case, actor=people["grace"], on=D(2026, 10, 20), days=21, note="x")
    s.case_extend(case=case, actor=people["grace"], on=D(2026, 10, 20), days=5, note="x")
    with pytest.raises(ValidationError, match="已经延期一次"):
        s.case_extend(case=case, actor=people["grace"], on=D(2026, 10, 21), days=5, note="x")


def test_a_correction_restarts_the_clock_from_the_corrected_application(register, people):
    case = register()
    alice = people["alice"]
    case = s.case_request_correction(
        case=case, actor=alice, on=D(2026, 9, 30), limit=D(2026, 10, 16), note="请写明村名"
    )
    assert case.status == S.CORRECTION and case.due_date is None
    assert case.letters.get(kind="correction").body.count("2026年10月16日") == 1
    case = s.case_correction_received(case=case, actor=alice, on=D(2026, 10, 9))
    # 10 (调休), 12–16, 19–23, 26–30 October, 2–5 November.
    assert case.due_date == D(2026, 11, 5)
    assert any("重新计算" in line for line in case_deadline(case).explanation)


def test_a_correction_is_asked_once_and_within_7_working_days(register, people):
    alice = people["alice"]
    late = register()
    with pytest.raises(ValidationError, match="7 个工作日"):
        s.case_request_correction(case=late, actor=alice, on=D(2026, 10, 14), limit=D(2026, 10, 30), note="x")
    case = register()
    s.case_request_correction(case=case, actor=alice, on=D(2026, 9, 30), limit=D(2026, 10, 16), note="x")
    s.case_correction_received(case=case, actor=alice, on=D(2026, 10, 9))
    with pytest.raises(ValidationError, match="只能告知一次"):
        s.case_request_correction(case=case, actor=alice, on=D(2026, 10, 12), limit=D(2026, 10, 20), note="x")


def test_no_correction_in_time_is_abandonment(register, people):
    alice = people["alice"]
    case = register()
    s.case_request_correction(case=case, actor=alice, on=D(2026, 9, 30), limit=D(2026, 10, 16), note="x")
    with pytest.raises(ValidationError, match="尚未届满"):
        s.case_abandon(case=case, actor=alice, on=D(2026, 10, 16))
    case = s.case_abandon(case=case, actor=alice, on=D(2026, 10, 19))
    assert case.status == S.DECIDED and case.outcome == "other.1" and case.decided_on == D(2026, 10, 19)
    assert "不再处理" in case.letters.get(kind="other").body


def test_a_third_party_consultation_pauses_the_clock(register, people):
    alice = people["alice"]
    case = register()
    case = s.case_consult(case=case, actor=alice, on=D(2026, 10, 12), kind="third_party", party="盐池县某合作社")
    assert case.status == S.CONSULTING
    # Projected: 15 working days for the third party (13 Oct – 2 Nov) → 20 November.
    assert case.due_date == D(2026, 11, 20)
    assert case.letters.get(kind="third_party").body.startswith("盐池县某合作社：")
    case = s.case_consultation_answered(case=case, actor=alice, on=D(2026, 10, 16), note="不同意公开")
    # 13–16 October do not count: 30 October + 4 working days.
    assert case.due_date == D(2026, 11, 5)
    assert any("第三十二条" in line for line in case_deadline(case).explanation)


def test_article_35_unreasonable_is_not_handled(register, people):
    alice = people["alice"]
    case = s.case_ask_reasons(case=register(), actor=alice, on=D(2026, 10, 9), note="请说明用途")
    case = s.case_judge_reasons(case=case, actor=alice, on=D(2026, 10, 20), reasonable=False, note="未说明")
    assert case.outcome == "not_handled.4" and case.letters.filter(kind="not_handled").exists()


def test_article_35_reasonable_sets_a_later_deadline(register, people):
    alice = people["alice"]
    case = s.case_ask_reasons(case=register(), actor=alice, on=D(2026, 10, 9), note="请说明用途")
    with pytest.raises(ValidationError, match="晚于原答复期限"):
        s.case_judge_reasons(
            case=case, actor=alice, on=D(2026, 10, 20), reasonable=True, later_deadline=D(2026, 10, 29)
        )
    case = s.case_judge_reasons(
        case=case, actor=alice, on=D(2026, 10, 20), reasonable=True, later_deadline=D(2026, 11, 30)
    )
    assert case.status == S.RECEIVED and case.due_date == D(2026, 11, 30)


def test_a_fee_per_page_pauses_the_clock_until_paid(register, people):
    alice = people["alice"]
    case = register()
    with pytest.raises(ValidationError, match="不收费"):
        s.case_fee_notice(case=case, actor=alice, on=D(2026, 10, 12), method="per_page", pages=30)
    case = s.case_fee_notice(case=case, actor=alice, on=D(2026, 10, 12), method="per_page", pages=101)
    assert case.status == S.FEE and case.fee_amount == Decimal(720)
    assert "720" in case.letters.get(kind="fee").body
    case = s.case_fee_paid(case=case, actor=alice, on=D(2026, 10, 16))
    assert case.due_date == D(2026, 11, 5) and case.fee_paid_on == D(2026, 10, 16)


def test_an_unpaid_fee_ends_the_case_as_other_2(register, people):
    alice = people["alice"]
    case = s.case_fee_notice(case=register(), actor=alice, on=D(2026, 10, 12), method="per_page", pages=40)
    with pytest.raises(ValidationError, match="尚未届满"):
        s.case_fee_lapsed(case=case, actor=alice, on=D(2026, 11, 9))
    case = s.case_fee_lapsed(case=case, actor=alice, on=D(2026, 11, 10))
    assert case.outcome == "other.2"


def test_the_eleventh_application_of_the_month_costs_100_yuan(register, people):
    cases = [register(received_on=D(2026, 10, 12), info_name=f"第{i}份文件") for i in range(11)]
    eleventh = cases[-1]
    assert any("超过 10 件" in w for w in case_warnings(eleventh))
    case = s.case_fee_notice(case=eleventh, actor=people["alice"], on=D(2026, 10, 13), method="per_item")
    assert case.fee_amount == Decimal(100)
    with pytest.raises(ValidationError, match="不收费"):
        s.case_fee_notice(case=cases[0], actor=people["alice"], on=D(2026, 10, 13), method="per_item")


def test_a_repeat_application_is_flagged(register):
    register(received_on=D(2026, 9, 1))
    again = register(info_description="2026年第三季度长流墩村低保对象名单和补助标准")
    assert any("重复申请" in w for w in case_warnings(again))
    other = register(id_number="110101199003070011", info_name="高沙窝镇道路修缮工程招标文件", info_description="")
    assert not case_warnings(other)


def test_the_decision_is_one_leaf_row_with_its_letter(register, people):
    alice = people["alice"]
    case = register()
    with pytest.raises(ValidationError, match="请选择"):
        s.case_decide(case=case, actor=alice, on=D(2026, 10, 20), outcome="refused", reason="x")
    with pytest.raises(ValidationError, match="逾期未补正"):
        s.case_decide(case=case, actor=alice, on=D(2026, 10, 20), outcome="other.1", reason="x")
    with pytest.raises(ValidationError, match="理由"):
        s.case_decide(case=case, actor=alice, on=D(2026, 10, 20), outcome="refused.4", reason=" ")
    case = s.case_decide(case=case, actor=alice, on=D(2026, 10, 20), outcome="partial", reason="含第三方个人信息")
    letter = case.letters.get(kind="partial")
    assert "第三十七条" in letter.body and "六十日" in letter.body and "六个月" in letter.body
    assert "盐池县人民政府" in letter.body
    assert "13912345678" not in letter.body and "64032319900101123X" not in letter.body


def test_serve_close_and_reopen(register, people):
    alice = people["alice"]
    case = s.case_decide(case=register(), actor=alice, on=D(2026, 10, 20), outcome="granted", reason="")
    with pytest.raises(ValidationError, match="不能早于"):
        s.case_serve(case=case, actor=alice, on=D(2026, 10, 19), method="电子邮件")
    case = s.case_serve(case=case, actor=alice, on=D(2026, 10, 21), method="电子邮件")
    case = s.case_close(case=case, actor=alice, on=D(2026, 10, 22))
    assert case.status == S.CLOSED
    case = s.case_reopen(
        case=case, actor=alice, reason="复议决定责令重新答复", basis="盐政复决字〔2026〕3号", on=D(2026, 11, 2)
    )
    assert case.status == S.RECEIVED and case.outcome == "" and case.decided_on is None
    # 20 working days from 2 November.
    assert case.due_date == D(2026, 11, 30)
    assert case.events.last().basis == "盐政复决字〔2026〕3号"


def test_a_step_that_is_not_allowed_is_refused_with_the_reason(register, people):
    case = register()
    with pytest.raises(s.TransitionError, match="不能登记送达"):
        s.case_serve(case=case, actor=people["alice"], on=D(2026, 10, 21), method="邮寄")


def test_every_transition_writes_an_event(register, people):
    alice = people["alice"]
    case = register()
    s.case_consult(case=case, actor=alice, on=D(2026, 10, 12), kind="other_agency", party="盐池县民政局")
    s.case_consultation_answered(case=case, actor=alice, on=D(2026, 10, 14))
    s.case_decide(case=case, actor=alice, on=D(2026, 10, 20), outcome="granted", reason="")
    kinds = list(CaseEvent.objects.filter(case=case).values_list("verb", "basis"))
    assert kinds == [
        ("received", "第三十一条"),
        ("consulted", "第三十四条"),
        ("consultation_answered", "第三十四条"),
        ("decided", "第三十六条"),
    ]


def test_dave_cannot_handle_a_gaoshawo_case(register, people):
    with pytest.raises(PermissionDenied):
        s.case_decide(case=register(), actor=people["dave"], on=D(2026, 10, 20), outcome="granted", reason="")


def test_a_bad_id_number_saves_nothing(people, gaoshawo):
    with pytest.raises(ValidationError) as exc:
        s.application_submit(agency=gaoshawo, fields=applicant(id_number="640323199001011234"))
    assert "校验码" in str(exc.value.message_dict["id_number"])
    assert not Application.objects.exists() and not Letter.objects.exists()


def test_a_future_receipt_date_is_refused(people, gaoshawo):
    with pytest.raises(ValidationError, match="晚于今天"):
        s.application_register(
            agency=gaoshawo, actor=people["alice"], fields=applicant(), channel="in_person", received_on=D(2099, 1, 1)
        )


def test_a_reopened_case_stays_counted_in_the_year_of_its_first_decision(register, people, gaoshawo):
    from gongkai.applications.selectors import section_three

    alice = people["alice"]
    case = s.case_decide(
        case=register(D(2025, 12, 1)), actor=alice, on=D(2025, 12, 10), outcome="unable.1", reason="本机关不掌握"
    )
    before = section_three(agency=gaoshawo, year=2025)
    s.case_reopen(
        case=case, actor=alice, reason="复议决定责令重新答复", basis="盐政复决字〔2026〕3号", on=D(2026, 3, 2)
    )
    s.case_decide(case=case, actor=alice, on=D(2026, 3, 20), outcome="granted", reason="")
    assert section_three(agency=gaoshawo, year=2025) == before
    assert before["unable.1"]["natural"] == 1
    after = section_three(agency=gaoshawo, year=2026)
    assert after["carried_over"]["total"] == 0 and after["granted"]["total"] == 0
