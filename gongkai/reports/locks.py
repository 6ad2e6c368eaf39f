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


def year_locked(agency, year):
    """True when the report of `agency` for `year` is published and no correction is open."""
    from .models import AnnualReport

    return AnnualReport.objects.filter(agency=agency, year=year, status=AnnualReport.Status.PUBLISHED).exists()


def ensure_year_open(agency, year):
    """Raise a ValidationError (with the reason, in Chinese) when `year` is locked for `agency`."""
    if year is not None and year_locked(agency=agency, year=year):
        raise ValidationError(
            f"{agency.name} {year} 年度报告已发布，该年度数据已锁定。"
            f"如确需修改，请先由政府信息公开工作机构对该年度报告发起更正（附更正说明）。"
        )
