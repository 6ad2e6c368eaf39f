"""The information processing fee (信息处理费), without Django.

《政府信息公开信息处理费管理办法》(国办函〔2020〕109号): one method per application, never both.

- 按件计收 (per item), counting the same applicant's applications in one natural month: up to 10
  free; the 11th–30th: 100 元 each; from the 31st each further band of 10 costs 100 元 more per
  item (31st–40th: 200 元, 41st–50th: 300 元, …).
- 按量计收 (per page), pages of one application: up to 30 free; pages 31–100: 10 元 each;
  101–200: 20 元 each; 201 and more: 40 元 each.
"""

from __future__ import annotations

from decimal import Decimal

PER_ITEM = "per_item"  # 按件计收
PER_PAGE = "per_page"  # 按量计收
METHODS = (PER_ITEM, PER_PAGE)

FREE_ITEMS = 10
FREE_PAGES = 30
# (first page of the band, last page or None, 元 per page)
PAGE_BANDS = ((31, 100, 10), (101, 200, 20), (201, None, 40))


def per_item_fee(nth: int) -> Decimal:
    """The fee for the applicant's `nth` application (1-based) in the natural month."""
    if nth < 1:
        raise ValueError("nth must be ≥ 1")
    if nth <= FREE_ITEMS:
        return Decimal(0)
    if nth <= 30:
        return Decimal(100)
    return Decimal(100 * (2 + (nth - 31) // 10))


def per_page_fee(pages: int) -> Decimal:
    """The fee for one application of `pages` pages."""
    if pages < 0:
        raise ValueError("pages must be ≥ 0")
    total = 0
    for first, last, price in PAGE_BANDS:
        top = pages if last is None else min(pages, last)
        if top >= first:
            total += (top - first + 1) * price
    return Decimal(total)


def information_fee(method: str, *, nth: int | None = None, pages: int | None = None) -> Decimal:
    """The fee of one application by one method; giving both counts is an error."""
    if method == PER_ITEM:
        if nth is None or pages is not None:
            raise ValueError("按件计收只按当月申请件数计算")
        return per_item_fee(nth)
    if method == PER_PAGE:
        if pages is None or nth is not None:
            raise ValueError("按量计收只按页数计算")
        return per_page_fee(pages)
    raise ValueError(f"unknown fee method {method!r}")


def fee_explanation(method: str, *, nth: int | None = None, pages: int | None = None) -> str:
    amount = information_fee(method, nth=nth, pages=pages)
    if method == PER_ITEM:
        return f"按件计收：本申请为该申请人本自然月第 {nth} 件申请，收费 {amount} 元（每月 10 件以内免费）。"
    return f"按量计收：本申请共 {pages} 页，收费 {amount} 元（30 页以内免费）。"
