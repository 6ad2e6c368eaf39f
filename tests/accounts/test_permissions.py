import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from gongkai.accounts import permissions as perms
from gongkai.accounts.models import Agency, Unit


@pytest.fixture
def minsheng(gaoshawo):
    return Unit.objects.get(agency=gaoshawo, name="民生保障服务中心")


def test_it_lets_alice_handle_her_own_agencys_applications(people, gaoshawo):
    assert perms.can(people["alice"], "application.handle", gaoshawo)
    assert perms.can(people["alice"], "item.publish", gaoshawo)


def test_it_keeps_dave_out_of_gaoshawo(people, gaoshawo, dashuikeng):
    dave = people["dave"]
    assert perms.can(dave, "application.handle", dashuikeng)
    for action in ("agency.read", "application.read", "application.handle", "report.read", "item.publish"):
        assert not perms.can(dave, action, gaoshawo), action
    with pytest.raises(PermissionDenied):
        perms.require(dave, "application.read", gaoshawo)


def test_it_lets_bob_draft_but_not_publish_or_read_applications(people, gaoshawo):
    bob = people["bob"]
    assert perms.can(bob, "item.draft", gaoshawo)
    assert perms.can(bob, "application.register", gaoshawo)
    assert not perms.can(bob, "item.publish", gaoshawo)
    assert not perms.can(bob, "application.read", gaoshawo)


def test_it_binds_carols_review_to_the_units_she_leads(people, gaoshawo, minsheng):
    carol = people["carol"]
    caizheng = Unit.objects.get(agency=gaoshawo, name="财政所")
    assert perms.can(carol, "item.review_leader", gaoshawo, minsheng)
    assert not perms.can(carol, "item.review_leader", gaoshawo, caizheng)
    assert not perms.can(people["bob"], "item.review_leader", gaoshawo, minsheng)
    assert perms.can(people["heidi"], "item.review_unit", gaoshawo, minsheng)
    assert not perms.can(people["heidi"], "item.review_unit", gaoshawo, caizheng)


def test_it_lets_erin_read_down_the_county_but_write_nowhere(people, gaoshawo, dashuikeng):
    erin = people["erin"]
    for agency in (gaoshawo, dashuikeng):
        assert perms.can(erin, "report.read", agency)
        assert perms.can(erin, "report.send_back", agency)
        assert perms.can(erin, "application.overview", agency)
        for action in ("application.read", "application.handle", "item.publish", "report.approve"):
            assert not perms.can(erin, action, agency), action
    assert set(perms.agencies_where(erin, "report.read").values_list("slug", flat=True)) == {
        "yanchi",
        "gaoshawo",
        "dashuikeng",
        "wanglejing",
    }


def test_only_the_ogi_head_extends_and_only_the_head_approves(people, gaoshawo):
    assert perms.can(people["grace"], "application.extend", gaoshawo)
    assert not perms.can(people["alice"], "application.extend", gaoshawo)
    assert perms.can(people["henry"], "report.approve", gaoshawo)
    assert not perms.can(people["alice"], "report.approve", gaoshawo)


def test_scope_filters_records_by_agency(people):
    visible = perms.agencies_where(people["alice"], "application.read")
    assert list(visible.values_list("slug", flat=True)) == ["gaoshawo"]
    assert perms.scope(Agency.objects.all(), people["dave"], "agency.read", field="pk").get().slug == "dashuikeng"


def test_the_public_may_do_nothing(people, gaoshawo):
    assert not perms.can(AnonymousUser(), "agency.read", gaoshawo)
    assert not perms.agencies_where(AnonymousUser(), "agency.read").exists()


def test_only_administrators_edit_the_calendar(people):
    county = Agency.objects.get(slug="yanchi")
    assert perms.can(people["admin"], "calendar.edit", county)
    assert not perms.can(people["alice"], "calendar.edit", county)


def test_unit_bound_reviews_find_the_named_reviewer(people, gaoshawo, minsheng):
    led = Unit.objects.filter(perms.units_bound_q(people["carol"], "item.review_leader", prefix=""))
    assert set(led.values_list("name", flat=True)) == {"民生保障服务中心", "农业农村综合服务站"}
    headed = Unit.objects.filter(perms.units_bound_q(people["heidi"], "item.review_unit", prefix=""))
    assert list(headed) == [minsheng]
    assert perms.unit_has_reviewer(minsheng, "item.review_unit")
    new_unit = Unit.objects.create(agency=gaoshawo, name="新设站所")
    assert not perms.unit_has_reviewer(new_unit, "item.review_unit")


def test_reminders_go_to_the_people_who_handle_applications(people, gaoshawo):
    assert set(perms.holders(gaoshawo, "application.handle").values_list("username", flat=True)) == {"alice", "grace"}
