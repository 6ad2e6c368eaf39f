from decimal import Decimal

import pytest

from gongkai.accounts.models import Agency
from gongkai.disclosure import demo
from gongkai.disclosure.models import DecisionTally, Item, ItemEvent
from gongkai.disclosure.selectors import (
    board_counts,
    board_items,
    board_villages,
    cell_records,
    channel_counts,
    published_count,
    section_two,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(demo_people):
    demo.load()
    return Agency.objects.get(slug="gaoshawo")


def test_section_two_of_2020_equals_the_seed_report(loaded, django_assert_max_num_queries):
    with django_assert_max_num_queries(5):
        tables = section_two(agency=loaded, year=2020, report_format="2019")
    assert tables["20.5"]["license"] == {"prev_items": 3, "change": -3, "decisions": 0}
    assert tables["20.6"]["penalty"] == {"prev_items": 12, "change": 0, "decisions": 192}
    tables["20.5"].pop("license")
    tables["20.6"].pop("penalty")
    others = [v for table in tables.values() for row in table.values() for v in row.values()]
    assert others and all(v == 0 for v in others)


def test_the_2021_format_has_its_own_columns(loaded):
    tables = section_two(agency=loaded, year=2020, report_format="2021")
    assert tables["20.6"]["penalty"] == {"decisions": 192}
    assert tables["20.8"]["fees"] == {"amount_wan": Decimal("0.00")}
    assert "20.9" not in tables and "other_service" not in tables["20.5"]


def test_a_cell_drills_down_to_its_records(loaded):
    tallies = cell_records(agency=loaded, year=2020, table="20.6", row="penalty", column="decisions")
    assert tallies.model is DecisionTally and sum(t.count for t in tallies) == 192
    assert cell_records(agency=loaded, year=2020, table="20.5", row="license", column="prev_items").count() == 3


def test_the_narrative_numbers_of_2020(loaded):
    counts = dict(channel_counts(agency=loaded, year=2020))
    assert counts["政府网站"] == 46
    assert counts["村务公开栏"] > 800 and counts["电视公开专栏"] > 0
    assert 1000 <= published_count(agency=loaded, year=2020) < 1100


def test_subsidy_items_are_public_for_the_portal(loaded):
    public = Item.objects.public().filter(agency=loaded)
    assert public.filter(title__contains="补贴", category__slug="farm-subsidies").count() >= 4
    assert public.filter(category__slug="poverty-funds").exists()


def test_current_year_items_are_in_every_state(loaded, clock):
    this_year = Item.objects.filter(agency=loaded, formed_on__year=clock.today.year)
    states = set(this_year.values_list("state", flat=True))
    assert {"draft", "unit_review", "leader_review", "ogi_review", "published", "withdrawn"} <= states
    assert Item.objects.filter(agency=loaded, state="draft").exclude(sent_back_reason="").exists()
    assert Item.objects.filter(agency=loaded, version=2, events__verb=ItemEvent.Action.CORRECT).exists()


def test_every_village_board_has_posted_items(loaded):
    villages = list(board_villages(agency=loaded))
    assert len(villages) == 10
    counts = dict(board_counts(agency=loaded))
    assert all(counts[v] >= 4 for v in villages)
    changliudun = next(v for v in villages if v.name == "长流墩村")
    assert board_items(village=changliudun).count() == counts[changliudun]


def test_loading_the_demo_twice_changes_nothing(loaded):
    before = (Item.objects.count(), ItemEvent.objects.count(), DecisionTally.objects.count())
    demo.load()
    assert (Item.objects.count(), ItemEvent.objects.count(), DecisionTally.objects.count()) == before
