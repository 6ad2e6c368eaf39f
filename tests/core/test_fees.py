from decimal import Decimal

import pytest

from gongkai.core.fees import PER_ITEM, PER_PAGE, fee_explanation, information_fee, per_item_fee, per_page_fee


@pytest.mark.parametrize(
    "nth,fee",
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_it_charges_per_item_by_the_monthly_count(nth, fee):
    assert per_item_fee(nth) == Decimal(fee)


@pytest.mark.parametrize(
    "pages,fee",
    [(0, 0), (30, 0), (31, 10), (100, 700), (101, 720), (200, 2700), (201, 2740), (250, 4700)],
)
def test_it_charges_per_page_by_bands(pages, fee):
    assert per_page_fee(pages) == Decimal(fee)


def test_one_method_per_application():
    with pytest.raises(ValueError):
        information_fee(PER_ITEM, nth=12, pages=40)
    with pytest.raises(ValueError):
        information_fee(PER_PAGE, nth=12)
    assert information_fee(PER_PAGE, pages=31) == Decimal(10)


def test_the_explanation_names_the_method():
    assert "第 12 件" in fee_explanation(PER_ITEM, nth=12)
    assert "100 元" in fee_explanation(PER_ITEM, nth=12)
    assert "共 101 页" in fee_explanation(PER_PAGE, pages=101)
