"""The lock of a published year.

Publishing a report locks the figures of its year: a change to a record that the report counted
(an application decided in that year, a register or tally of that year, an appeal filed in it)
is refused until the office starts a correction (更正) of that report.

Why a guard that the services call, not pre_save signals: every write of a record goes through one
service function, and only that function knows which report year the change touches (an appeal
decided after 31 December does not change its filing year's figures; an application counts in
the years it was received and decided). A signal sees a row, not the change, and would also fire
for the demo loader and the report's own bookkeeping.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def year_locked(agency, year):
    """True when the report of `agency` for `year` is published and no correction is open."""
    from .models import AnnualReport

    return AnnualReport.objects.filter(agency=agency, year=year, status=AnnualReport.Status.PUBLISHED).exists()


def ensure_year_open(agency, year):
    """Raise a ValidationError (with the reason, in Chinese) when `year` is locked for `agency`."""
    if year is not None and year_locked(agency=agency, year=year):
        raise ValidationError(
            _(
                "%(agency)s %(year)s 年度报告已发布，该年度数据已锁定。"
                "如确需修改，请先由政府信息公开工作机构对该年度报告发起更正（附更正说明）。"
            )
            % {"agency": agency.name, "year": year}
        )


def ensure_years_open(agency, years):
    for year in sorted(set(years)):
        ensure_year_open(agency, year)


DATE_FIELDS = ("made_on", "published_on", "repealed_on", "received_on", "decided_on", "filed_on")


def record_years(record):
    """The report years a register record counts in, as saved now and as about to be saved:
    its `year` and the years of its dates. A 权责清单 entry of year Y is also 上一年项目数量 in Y+1;
    a 规范性文件 stays in the 对外公开总数量 / 现行有效件数 of every later year."""
    from django.utils import timezone

    stored = type(record).objects.filter(pk=record.pk).first() if record.pk else None
    years = set()
    for obj in (record, stored):
        if obj is None:
            continue
        if isinstance(getattr(obj, "year", None), int):
            years.add(obj.year)
        years.update(d.year for d in (getattr(obj, f, None) for f in DATE_FIELDS) if d)
    name = record._meta.model_name
    if name == "powerlistentry":
        years |= {y + 1 for y in years}
    if name == "normativedocument" and years:
        years |= set(range(min(years), timezone.localdate().year + 1))
    return years


def ensure_record_open(record):
    """The guard the register services call before saving or deleting a record."""
    ensure_years_open(record.agency, record_years(record))
