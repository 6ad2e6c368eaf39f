from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.disclosure import services as s
from gongkai.disclosure.models import Item, ItemEvent
from gongkai.disclosure.signals import item_published, item_unpublished

from .conftest import ALL_CLEAR

pytestmark = pytest.mark.django_db(transaction=False)
SH = ZoneInfo("Asia/Shanghai")


def at(*args):
    return datetime(*args, tzinfo=SH)


def through_leader(item, people):
    s.item_submit(actor=people["bob"], item=item)
    s.item_approve_unit(actor=people["heidi"], item=item)
    return s.item_approve_leader(actor=people["carol"], item=item)


def test_it_goes_from_bob_to_heidi_to_carol_to_alice(make_item, people, django_capture_on_commit_callbacks):
    item = make_item()
    assert item.state == Item.State.DRAFT
    assert s.item_submit(actor=people["bob"], item=item).state == Item.State.UNIT_REVIEW
    assert s.item_approve_unit(actor=people["heidi"], item=item).state == Item.State.LEADER_REVIEW
    assert s.item_approve_leader(actor=people["carol"], item=item).state == Item.State.OGI_REVIEW
    received = []
    item_published.connect(lambda sender, item, **kw: received.append(item.pk), weak=False, dispatch_uid="t1")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            item = s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR, now=at(2026, 3, 10, 9))
    finally:
        item_published.disconnect(dispatch_uid="t1")
    assert item.state == Item.State.PUBLISHED and item.is_public
    assert received == [item.pk]
    assert item.versions.count() == 1
    trail = list(item.events.order_by("pk").values_list("actor__username", "verb", "before__state", "after__state"))
    assert trail == [
        ("bob", "create", None, "draft"),
        ("bob", "submit", "draft", "unit_review"),
        ("heidi", "approve_unit", "unit_review", "leader_review"),
        ("carol", "approve_leader", "leader_review", "ogi_review"),
        ("alice", "publish", "ogi_review", "published"),
    ]
    assert item.events.get(verb="publish").after["secrecy"] == ALL_CLEAR


def test_bob_cannot_publish_or_skip_a_step(make_item, people):
    item = make_item()
    with pytest.raises(PermissionDenied):
        s.item_publish(actor=people["bob"], item=item, secrecy=ALL_CLEAR)
    s.item_submit(actor=people["bob"], item=item)
    with pytest.raises(PermissionDenied):
        s.item_approve_unit(actor=people["bob"], item=item)
    with pytest.raises(ValidationError):
        s.item_approve_leader(actor=people["carol"], item=item)  # heidi has not approved yet
    with pytest.raises(ValidationError):
        s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    s.item_approve_unit(actor=people["heidi"], item=item)
    with pytest.raises(PermissionDenied):
        s.item_approve_leader(actor=people["bob"], item=item)
    with pytest.raises(PermissionDenied):
        s.item_approve_leader(actor=people["heidi"], item=item)
    item.refresh_from_db()
    assert item.state == Item.State.LEADER_REVIEW


def test_dave_cannot_touch_gaoshawo_items(make_item, people):
    item = through_leader(make_item(), people)
    with pytest.raises(PermissionDenied):
        s.item_publish(actor=people["dave"], item=item, secrecy=ALL_CLEAR)
    with pytest.raises(PermissionDenied):
        s.item_send_back(actor=people["dave"], item=item, reason="不属于本镇")
    with pytest.raises(PermissionDenied):
        s.item_create(
            actor=people["dave"],
            agency=item.agency,
            title="x",
            category=item.category,
            unit=item.unit,
            formed_on=date(2026, 3, 2),
        )


def test_carol_sends_it_back_to_bob_with_a_reason(make_item, people):
    item = make_item()
    s.item_submit(actor=people["bob"], item=item)
    s.item_approve_unit(actor=people["heidi"], item=item)
    with pytest.raises(ValidationError):
        s.item_send_back(actor=people["carol"], item=item, reason="  ")
    item = s.item_send_back(actor=people["carol"], item=item, reason="名单缺少救助金额，请补充")
    assert item.state == Item.State.DRAFT and item.sent_back_reason == "名单缺少救助金额，请补充"
    event = item.events.get(verb=ItemEvent.Action.SEND_BACK)
    assert (event.actor.username, event.before["state"], event.after["state"]) == ("carol", "leader_review", "draft")
    # bob fixes it and submits again: the chain starts over at heidi
    s.item_update(actor=people["bob"], item=item, body="<p>补充了救助金额。</p>")
    assert s.item_submit(actor=people["bob"], item=item).state == Item.State.UNIT_REVIEW


def test_alice_cannot_publish_without_the_secrecy_checklist(make_item, people):
    item = through_leader(make_item(), people)
    partial = {**ALL_CLEAR, "work_secret": False}
    with pytest.raises(ValidationError) as exc:
        s.item_publish(actor=people["alice"], item=item, secrecy=partial)
    assert "工作秘密" in str(exc.value)
    item.refresh_from_db()
    assert item.state == Item.State.OGI_REVIEW and not item.versions.exists()


def test_an_item_published_after_its_due_date_is_flagged_late(make_item, people):
    item = make_item(formed_on=date(2026, 3, 2))
    assert item.due_on == date(2026, 3, 30) and not item.due_provisional
    item = through_leader(item, people)
    item = s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR, now=at(2026, 4, 2, 10))
    assert item.is_late
    from gongkai.disclosure.selectors import late_counts

    assert late_counts(year=2026) == [
        {"agency_id": item.agency_id, "agency": "高沙窝镇人民政府", "published": 1, "late": 1}
    ]


def test_on_time_is_not_late(make_item, people):
    item = through_leader(make_item(formed_on=date(2026, 3, 2)), people)
    item = s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR, now=at(2026, 3, 30, 17))
    assert not item.is_late


def test_a_due_date_in_2027_is_provisional(make_item):
    item = make_item(formed_on=date(2026, 12, 20))
    assert item.due_provisional and item.due_on.year == 2027


def test_personal_data_blocks_publication_until_alice_confirms(make_item, people):
    item = make_item(body="<p>王某某，身份证号 11010519491231002X，电话 13912345678。</p>")
    item = through_leader(item, people)
    with pytest.raises(s.PersonalDataFound) as exc:
        s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    assert "身份证号码 1 处" in str(exc.value) and "手机号码 1 处" in str(exc.value)
    item.refresh_from_db()
    assert item.state == Item.State.OGI_REVIEW
    item = s.item_publish(
        actor=people["alice"], item=item, secrecy=ALL_CLEAR, personal_data_reason="《社会救助暂行办法》要求公示救助对象"
    )
    assert item.state == Item.State.PUBLISHED
    data = item.events.get(verb="publish").after
    assert data["personal_data_confirmed"].startswith("《社会救助暂行办法》")
    assert "110***********002X" in data["personal_data"]


def test_a_correction_keeps_the_old_version(make_item, people, django_capture_on_commit_callbacks):
    item = through_leader(make_item(), people)
    item = s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    with pytest.raises(ValidationError):
        s.item_correct(actor=people["alice"], item=item, note="", title="新标题")
    with pytest.raises(PermissionDenied):
        s.item_correct(actor=people["bob"], item=item, note="更正", title="新标题")
    item = s.item_correct(actor=people["alice"], item=item, note="更正名单中第3人的姓名", body="<p>更正后的名单。</p>")
    assert item.version == 2 and item.body == "<p>更正后的名单。</p>"
    versions = list(item.versions.values_list("number", "body", "correction_note"))
    assert versions == [
        (1, "<p>经审核，以下对象符合临时救助条件，现予公示。</p>", ""),
        (2, "<p>更正后的名单。</p>", "更正名单中第3人的姓名"),
    ]
    from gongkai.disclosure.selectors import item_history

    kinds = [(h.kind, h.note) for h in item_history(item)]
    assert kinds == [("published", ""), ("corrected", "更正名单中第3人的姓名")]


def test_withdrawal_takes_it_down_and_tells_the_portal(make_item, people, django_capture_on_commit_callbacks):
    item = through_leader(make_item(), people)
    item = s.item_publish(actor=people["alice"], item=item, secrecy=ALL_CLEAR)
    gone = []
    item_unpublished.connect(lambda sender, item, **kw: gone.append(item.pk), weak=False, dispatch_uid="t2")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            item = s.item_withdraw(actor=people["alice"], item=item, reason="名单有误，核实后重新公示")
    finally:
        item_unpublished.disconnect(dispatch_uid="t2")
    assert gone == [item.pk]
    assert item.state == Item.State.WITHDRAWN and not Item.objects.public().filter(pk=item.pk).exists()
    from gongkai.disclosure.selectors import item_history

    assert item_history(item)[-1].kind == "withdrawn"


def test_scheduled_publication_and_expiry_run_once(make_item, people, django_capture_on_commit_callbacks):
    item = through_leader(make_item(), people)
    item = s.item_publish(
        actor=people["alice"],
        item=item,
        secrecy=ALL_CLEAR,
        now=at(2026, 3, 10, 9),
        publish_at=at(2026, 3, 12, 8),
        expires_at=at(2026, 4, 12, 8),
    )
    assert item.state == Item.State.SCHEDULED
    assert s.publish_scheduled(now=at(2026, 3, 11, 8)) == {"published": 0, "expired": 0}
    assert s.publish_scheduled(now=at(2026, 3, 12, 8)) == {"published": 1, "expired": 0}
    assert s.publish_scheduled(now=at(2026, 3, 12, 9)) == {"published": 0, "expired": 0}
    item.refresh_from_db()
    assert item.state == Item.State.PUBLISHED and item.published_at == at(2026, 3, 12, 8)
    assert s.publish_scheduled(now=at(2026, 4, 12, 8)) == {"published": 0, "expired": 1}
    assert s.publish_scheduled(now=at(2026, 4, 13, 8)) == {"published": 0, "expired": 0}
    item.refresh_from_db()
    assert item.state == Item.State.EXPIRED


def test_an_expiry_before_publication_is_refused(make_item, people):
    item = through_leader(make_item(), people)
    with pytest.raises(ValidationError) as exc:
        s.item_publish(
            actor=people["alice"],
            item=item,
            secrecy=ALL_CLEAR,
            publish_at=at(2026, 3, 12, 8),
            expires_at=at(2026, 3, 11, 8),
            now=at(2026, 3, 10, 9),
        )
    assert "到期下线时间" in str(exc.value)
    item.refresh_from_db()
    assert item.state == Item.State.OGI_REVIEW


def test_script_in_the_body_is_stripped(make_item):
    item = make_item(
        body='<p onclick="steal()">救助名单</p><script>alert(1)</script><table><tr><td>张某</td></tr></table>'
    )
    assert "script" not in item.body and "onclick" not in item.body
    assert "<table>" in item.body and "救助名单" in item.body


def test_a_category_of_another_agency_is_refused(make_item, people):
    from gongkai.accounts.models import Agency
    from gongkai.disclosure.services import catalog_seed

    other = Agency.objects.get(slug="dashuikeng")
    catalog_seed(agency=other)
    with pytest.raises(ValidationError) as exc:
        make_item(category=other.disclosure_categories.get(slug="farm-subsidies"))
    assert "类目" in str(exc.value)


def test_repealing_a_published_item_drops_it_from_current_listings(
    make_item, people, django_capture_on_commit_callbacks
):
    item = s.item_publish(actor=people["alice"], item=through_leader(make_item(), people), secrecy=ALL_CLEAR)
    gone = []
    item_unpublished.connect(lambda sender, item, **kw: gone.append(item.pk), weak=False, dispatch_uid="t3")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            s.item_set_validity(actor=people["alice"], item=item, validity="repealed", note="政策已调整")
    finally:
        item_unpublished.disconnect(dispatch_uid="t3")
    assert gone == [item.pk]
    assert Item.objects.public().filter(pk=item.pk).exists()
    assert not Item.objects.current().filter(pk=item.pk).exists()


def test_a_new_calendar_year_refreshes_provisional_due_dates(make_item, django_capture_on_commit_callbacks):
    from gongkai.core.workdays import SpecialDay
    from gongkai.workdays.services import calendar_import_year

    item = make_item(formed_on=date(2026, 12, 20))
    # 2027-01-01 (元旦) is a statutory festival even before 2027's schedule is entered.
    assert item.due_provisional and item.due_on == date(2027, 1, 18)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_import_year(
            year=2027,
            days=[SpecialDay(date(2027, 1, 1), False, "元旦"), SpecialDay(date(2027, 1, 4), False, "元旦")],
            source="test",
        )
    item.refresh_from_db()
    assert not item.due_provisional and item.due_on == date(2027, 1, 19)
