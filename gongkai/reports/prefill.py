"""The first draft of sections 一、五、六: facts from the records, never invented prose.

The OGI office writes the report; the draft only hands it the figures it would otherwise count by
hand, and last year's commitments so that this year's report can say what became of them.
"""

import re

from django.utils.translation import gettext as _

from gongkai.core.report import formats

from . import sources
from .models import AnnualReport
from .selectors import format_code


def _number(n):
    return f"{n:,}".replace(",", "") if isinstance(n, int) else str(n)


def overview_facts(*, agency, year, applications):
    lines = []
    published = sources.published_count(agency=agency, year=year)
    channels = [(name, n) for name, n in sources.channel_counts(agency=agency, year=year) if n]
    line = _("%(year)s年，本机关主动公开政府信息%(count)s条") % {"year": year, "count": _number(published)}
    if channels:
        line += _("，其中") + _("、").join(
            _("%(channel)s%(count)s条") % {"channel": name, "count": _number(n)} for name, n in channels
        )
    lines.append(line + _("。"))
    new, carried = applications[formats.NEW][formats.TOTAL], applications[formats.CARRIED_OVER][formats.TOTAL]
    done, forward = applications[formats.TOTAL][formats.TOTAL], applications[formats.CARRIED_FORWARD][formats.TOTAL]
    lines.append(
        _(
            "本年新收政府信息公开申请%(new)s件，上年结转%(carried)s件，"
            "本年办结%(done)s件，结转下年度继续办理%(forward)s件。"
        )
        % {"new": _number(new), "carried": _number(carried), "done": _number(done), "forward": _number(forward)}
    )
    days = sources.open_day_counts(agency=agency, year=year)
    if days.get("events"):
        lines.append(
            _(
                "本年举办政府开放日活动%(events)s次，参加%(participants)s人次，"
                "收到意见建议%(opinions)s条，已答复%(answered)s条。"
            )
            % {
                "events": days["events"],
                "participants": days.get("participants", 0),
                "opinions": days.get("opinions", 0),
                "answered": days.get("answered", 0),
            }
        )
    return "\n".join(lines)


def _fact_anchors(year):
    """How each prefilled sentence of section 一 begins (the text before its first figure)."""
    return [
        _("%(year)s年，本机关主动公开政府信息") % {"year": year},
        _("本年新收政府信息公开申请"),
        _("本年举办政府开放日活动"),
    ]


def refresh_facts(text, *, agency, year):
    """`text` with every prefilled fact sentence still in it replaced by the same sentence as the
    records make it now. Sentences the office wrote itself are left alone (R9 checks their figures)."""
    if not text:
        return text
    from .selectors import format_code

    applications = sources.section_three(agency=agency, year=year, report_format=format_code(year))
    fresh = overview_facts(agency=agency, year=year, applications=applications).split("\n")
    for anchor in _fact_anchors(year):
        sentence = next((line for line in fresh if line.startswith(anchor)), None)
        if sentence is None:
            continue
        pattern = re.compile(re.escape(anchor) + r"[^。\n]{0,500}。")
        text = pattern.sub(lambda _m, s=sentence: s, text, count=1)
    return text


def problems_facts(*, agency, year):
    last = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if last is None or not last.problems.strip():
        return ""
    return (
        _("【%(year)s年度报告所列问题及改进措施，请逐项报告落实情况】") % {"year": year - 1}
        + "\n"
        + last.problems.strip()
    )


def other_facts(*, agency, year):
    fees = sources.fees_collected(agency=agency, year=year)
    return _("本年收取信息处理费%(fees)s元。") % {"fees": fees} if fees else _("本年未收取信息处理费。")


def texts(*, agency, year):
    applications = sources.section_three(agency=agency, year=year, report_format=format_code(year))
    return {
        "overview": overview_facts(agency=agency, year=year, applications=applications),
        "problems": problems_facts(agency=agency, year=year),
        "other": other_facts(agency=agency, year=year),
    }
