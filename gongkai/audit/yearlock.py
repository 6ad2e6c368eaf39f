"""The lock of a published year, below the apps that produce the records it guards.

Publishing a report locks the figures of its year: a change to a record that the report counted
(an application decided in that year, a register or tally of that year, an appeal filed in it)
is refused until the office starts a correction (更正) of that report.

Why here, knowing no model names (DESIGN "each rule in one place": the year lock lives in one
small module below the producing apps): the producers (`disclosure`, `applications`, `appeals`)
must ask the lock before they write, and the consumer (`reports`) decides when a year is locked.
If the lock lived in `reports`, every producer would import its consumer and the lock would have to
know every producer's models. Instead each producing app registers, in its `AppConfig.ready`, what
ties its records to report years (`register_years(Model, years_of)`), and the reports app
registers the one predicate "the report of year Y of agency A is published"
(`register_predicate`). This module imports no other project module.

Why a guard that the services call, not pre_save signals: every write of a record goes through one
service function, and only that function knows which report year the change touches (an appeal
decided after 31 December does not change its filing year's figures; an application counts in
the years it was received and decided). A signal sees a row, not the change, and would also fire
for the demo loader and the report's own bookkeeping.
"""

from collections.abc import Callable, Iterable

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.translation import gettext as _

_years_of: dict[type, Callable[[object], set[int]]] = {}
_figures_of: dict[type, Callable[[object], dict[int, object]]] = {}
_predicate: list[Callable[..., bool]] = []


def register_years(model: type, years_of: Callable[[object], set[int]]) -> None:
    """Declare the report years a record of `model` counts in (called from `AppConfig.ready`)."""
    _years_of[model] = years_of


def register_figures(model: type, figures_of: Callable[[object], dict[int, object]]) -> None:
    """Declare, for a record that keeps changing after the years it counts in are published (an
    application is served, closed or reopened long after it was counted), what it adds to each
    report year's figures: `figures_of(record) -> {year: contribution}`. A change is then refused
    only in a year whose contribution it changes, not in every year the record counts in."""
    _figures_of[model] = figures_of


def register_predicate(is_locked: Callable[..., bool]) -> None:
    """Declare when a year is locked: `is_locked(agency, year)` (the reports app, once)."""
    _predicate[:] = [is_locked]


def year_locked(agency, year) -> bool:
    """True when the report of `agency` for `year` is published and no correction is open."""
    if not _predicate:
        raise ImproperlyConfigured("no year-lock predicate registered (is the reports app installed?)")
    return _predicate[0](agency, year)


def ensure_year_open(agency, year) -> None:
    """Raise a ValidationError (with the reason, in Chinese) when `year` is locked for `agency`."""
    if year is not None and year_locked(agency, year):
        raise ValidationError(
            _(
                "%(agency)s %(year)s 年度报告已发布，该年度数据已锁定。"
                "如确需修改，请先由政府信息公开工作机构对该年度报告发起更正（附更正说明）。"
            )
            % {"agency": agency.name, "year": year}
        )


def ensure_years_open(agency, years: Iterable[int]) -> None:
    for year in sorted(set(years)):
        ensure_year_open(agency, year)


def record_years(record) -> set[int]:
    """The report years a change of `record` touches: the years its app registered for the stored
    row and for the changed one (a move from 2025 to 2026 touches both); for a model that
    registered its figures, only the years whose figures differ between the two."""
    model = type(record)
    years_of, figures_of = _years_of.get(model), _figures_of.get(model)
    if years_of is None and figures_of is None:
        raise ImproperlyConfigured(f"{model._meta.label} registers no report years (yearlock.register_years)")
    stored = model._default_manager.filter(pk=record.pk).first() if record.pk else None
    if figures_of is not None:
        before, after = figures_of(stored) if stored is not None else {}, figures_of(record)
        return {year for year in before.keys() | after.keys() if before.get(year) != after.get(year)}
    return set().union(*(years_of(obj) for obj in (record, stored) if obj is not None))


def ensure_record_open(record) -> None:
    """The guard a service calls before saving or deleting a record of a registered model."""
    ensure_years_open(record.agency, record_years(record))
