"""The first draft of sections 一、五、六: facts from the records, never invented prose.

The OGI office writes the report; the draft only hands it the figures it would otherwise count by
hand, and last year's commitments so that this year's report can say what became of them.
"""

from . import sources
from .models import AnnualReport


def _number(n):
    return f"{n:,}".replace(",", "") if isinstance(n, int) else str(n)


def overview_facts(*, agency, year, applications):
    lines = []
    published = sources.published_count(agency=agency, year=year)
    channels = [(name, n) for name, n in sources.channel_counts(agency=agency, year=year) if n]
    line = f"{year}年，本机关主动公开政府信息{_number(published)}条"
    if channels:
        line += "，其中" + "、".join(f"{name}{_number(n)}条" for name, n in channels)
    lines.append(line + "。")
    new, carried = applications["new"]["total"], applications["carried_over"]["total"]
    done, forward = applications["total"]["total"], applications["carried_forward"]["total"]
    lines.append(
        f"本年新收政府信息公开申请{_number(new)}件，上年结转{_number(carried)}件，"
        f"本年办结{_number(done)}件，结转下年度继续办理{_number(forward)}件。"
    )
    days = sources.open_day_counts(agency=agency, year=year)
    if days.get("events"):
        lines.append(
            f"本年举办政府开放日活动{days['events']}次，参加{days.get('participants', 0)}人次，"
            f"收到意见建议{days.get('opinions', 0)}条，已答复{days.get('answered', 0)}条。"
        )
    return "\n".join(lines)


def problems_facts(*, agency, year):
    last = AnnualReport.objects.filter(agency=agency, year=year - 1).first()
    if last is None or not last.problems.strip():
        return ""
    return f"【{year - 1}年度报告所列问题及改进措施，请逐项报告落实情况】\n{last.problems.strip()}"


def other_facts(*, agency, year):
    fees = sources.fees_collected(agency=agency, year=year)
    return f"本年收取信息处理费{fees}元。" if fees else "本年未收取信息处理费。"


def texts(*, agency, year):
    from .selectors import format_code

    applications = sources.section_three(agency=agency, year=year, report_format=format_code(year))
    return {
        "overview": overview_facts(agency=agency, year=year, applications=applications),
        "problems": problems_facts(agency=agency, year=year),
        "other": other_facts(agency=agency, year=year),
    }
