"""Correcting the particulars of an appeal: the service, the page, and the lock of a published year."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from gongkai.appeals import services
from gongkai.appeals.models import Appeal, AppealEvent
from gongkai.reports.models import AnnualReport

pytestmark = pytest.mark.django_db
K, R = Appeal.Kind, Appeal.Result


@pytest.fixture
def appeal(people, gaoshawo):
    return services.appeal_register(
        agency=gaoshawo,
        actor=people["alice"],
        kind=K.REVIEW,
        appellant="张某",
        body="盐池县人民政府",
        filed_on=date(2026, 3, 2),
        number="盐政复〔2026〕1号",
    )


@pytest.fixture
def published_2025(gaoshawo):
    """高沙窝镇's 2025 annual report is published: the figures of 2025 are locked."""
    return AnnualReport.objects.create(agency=gaoshawo, year=2025, status=AnnualReport.Status.PUBLISHED)


def edits(appeal):
    return [{k: [e.before[k], e.after[k]] for k in e.after} for e in appeal.events.filter(verb=AppealEvent.Kind.EDITED)]


def test_alice_corrects_the_case_number_and_the_history_shows_what_changed(people, appeal):
    services.appeal_update(appeal=appeal, actor=people["alice"], number=" 盐政复〔2026〕2号 ", summary="不服答复。")
    appeal.refresh_from_db()
    assert appeal.number == "盐政复〔2026〕2号" and appeal.summary == "不服答复。"
    assert edits(appeal) == [{"number": ["盐政复〔2026〕1号", "盐政复〔2026〕2号"], "summary": ["", "不服答复。"]}]


def test_saving_without_a_change_writes_no_history(people, appeal):
    services.appeal_update(appeal=appeal, actor=people["alice"], number="盐政复〔2026〕1号", appellant="张某")
    assert edits(appeal) == []


def test_the_result_is_not_edited_here(people, appeal):
    with pytest.raises(ValueError):
        services.appeal_update(appeal=appeal, actor=people["alice"], result=R.UPHELD)


def test_a_filing_date_after_the_decision_is_refused_at_the_field(people, appeal):
    services.appeal_decide(appeal=appeal, actor=people["alice"], result=R.UPHELD, decided_on=date(2026, 5, 1))
    with pytest.raises(ValidationError) as e:
        services.appeal_update(
            appeal=Appeal.objects.get(pk=appeal.pk), actor=people["alice"], filed_on=date(2026, 6, 1)
        )
    assert "不能早于受理日期" in str(e.value.message_dict["decided_on"])
    assert Appeal.objects.get(pk=appeal.pk).filed_on == date(2026, 3, 2) and edits(appeal) == []


def test_bob_the_clerk_and_dave_of_another_township_may_not_edit(people, appeal):
    for who in ("bob", "dave"):
        with pytest.raises(PermissionDenied):
            services.appeal_update(appeal=appeal, actor=people[who], summary="改")
    assert Appeal.objects.get(pk=appeal.pk).summary == ""


def test_an_appeal_filed_in_a_published_year_is_locked_with_the_reason(people, gaoshawo, published_2025):
    old = services.appeal_register(
        agency=gaoshawo,
        actor=people["alice"],
        kind=K.REVIEW,
        appellant="马某",
        body="盐池县人民政府",
        filed_on=date(2026, 1, 5),
        number="盐政复〔2026〕3号",
    )
    Appeal.objects.filter(pk=old.pk).update(filed_on=date(2025, 12, 1))  # filed before the report was published
    old.refresh_from_db()
    with pytest.raises(ValidationError, match="2025 年度报告已发布，该年度数据已锁定"):
        services.appeal_update(appeal=old, actor=people["alice"], kind=K.LITIGATION_DIRECT)
    assert Appeal.objects.get(pk=old.pk).kind == K.REVIEW and edits(old) == []


def test_moving_an_appeal_into_a_published_year_is_refused(people, appeal, published_2025):
    with pytest.raises(ValidationError, match="已锁定"):
        services.appeal_update(appeal=appeal, actor=people["alice"], filed_on=date(2025, 12, 30))
    assert Appeal.objects.get(pk=appeal.pk).filed_on == date(2026, 3, 2)


def form(appeal, **changes):
    data = {f: getattr(appeal, f) for f in services.EDITABLE}
    data["filed_on"] = data["filed_on"].isoformat()
    return {**data, **changes}


def test_alice_edits_an_appeal_through_its_page(client, people, appeal):
    client.force_login(people["alice"])
    detail = reverse("appeals:detail", args=["gaoshawo", appeal.pk])
    edit = reverse("appeals:edit", args=["gaoshawo", appeal.pk])
    assert edit in client.get(detail).content.decode()
    page = client.get(edit)
    assert page.status_code == 200 and "盐政复〔2026〕1号" in page.content.decode()
    r = client.post(edit, form(appeal, appellant="张某某", summary="对答复不服。"))
    assert r.status_code == 302 and r["Location"] == detail
    appeal.refresh_from_db()
    assert appeal.appellant == "张某某" and appeal.summary == "对答复不服。"
    assert len(edits(appeal)) == 1


def test_the_edit_page_shows_why_a_locked_year_refuses_the_change(client, people, appeal, published_2025):
    client.force_login(people["alice"])
    r = client.post(reverse("appeals:edit", args=["gaoshawo", appeal.pk]), form(appeal, filed_on="2025-12-30"))
    body = r.content.decode()
    assert r.status_code == 200 and "2025 年度报告已发布" in body and "发起更正" in body
    assert Appeal.objects.get(pk=appeal.pk).filed_on == date(2026, 3, 2)


def test_a_bad_date_is_explained_on_the_edit_page(client, people, appeal):
    client.force_login(people["alice"])
    r = client.post(reverse("appeals:edit", args=["gaoshawo", appeal.pk]), form(appeal, filed_on="2026-13-01"))
    assert r.status_code == 200 and "errorlist" in r.content.decode()


def test_bob_henry_and_dave_may_not_open_the_edit_page(client, people, appeal):
    for who in ("bob", "henry", "dave"):
        client.force_login(people[who])
        assert client.get(reverse("appeals:edit", args=["gaoshawo", appeal.pk])).status_code == 403, who
    client.force_login(people["henry"])
    assert (
        reverse("appeals:edit", args=["gaoshawo", appeal.pk])
        not in client.get(reverse("appeals:detail", args=["gaoshawo", appeal.pk])).content.decode()
    )
