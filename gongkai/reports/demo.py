"""Demo reports: 高沙窝镇 2020 published as the seed report (its prose, the records' tables),
高沙窝镇 2025 published (so R5 works for 2026) and 2026 being drafted; 大水坑镇
2025 submitted but not approved (late); 王乐井乡 nothing — the roll-up shows every status."""

from datetime import date
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.accounts.models import Agency

from . import services
from .models import AnnualReport

PROBLEMS_2025 = (
    "一是主动公开信息的规范性、准确性和完整性还有待提高。二是部分站所对政府信息公开工作的重视程度不够，"
    "对政策解读和群众关切的回应不够及时。\n"
    "改进措施：一是加强对政务公开工作人员和各站所干事的培训；二是完善公开栏目和公开指南，扩大公开领域；"
    "三是推进政府信息公开查阅点建设，引导群众自助查阅。"
)

PROBLEMS_2026 = (
    "2025年度报告所列问题的落实情况：一是组织党政办和各站所干事参加政务公开业务培训；"
    "二是修订了政府信息公开目录和公开指南，新增重点领域信息栏目。\n"
    "存在的主要问题：部分行政村村务公开栏更新不够及时。改进措施：按月检查各村公开栏，"
    "督促及时张贴和更新公开信息。"
)


SEED = Path(__file__).resolve().parent / "seed" / "gaoshawo-2020.txt"


def seed_sections():
    """Sections 一、五、六 of the seed report as published (the tables come from the records)."""
    from gongkai.core.report.parse import parse_text

    sections = parse_text(SEED.read_text(encoding="utf-8")).sections
    return {k: sections.get(k, "") for k in ("overview", "problems", "other")}


def publish_2020(gaoshawo, users):
    """The report the project grew from: 高沙窝镇's 2020 records give the seed's tables; the office
    writes the seed's prose; 镇长 approves it in January 2021 — frozen DOCX and PDF."""
    report = services.report_start(agency=gaoshawo, actor=users["alice"], year=2020, today=date(2021, 1, 5))
    services.report_save_texts(report=report, actor=users["alice"], **seed_sections())
    services.report_submit(report=report, actor=users["alice"])
    services.report_approve(report=report, actor=users["henry"], on=date(2021, 1, 20))


@transaction.atomic
def load():
    users = get_user_model().objects.in_bulk(["alice", "henry", "dave", "erin"], field_name="username")
    gaoshawo, dashuikeng = Agency.objects.get(slug="gaoshawo"), Agency.objects.get(slug="dashuikeng")
    if not AnnualReport.objects.filter(agency=gaoshawo, year=2020).exists():
        publish_2020(gaoshawo, users)
    if not AnnualReport.objects.filter(agency=gaoshawo, year=2025).exists():
        report = services.report_start(agency=gaoshawo, actor=users["alice"], year=2025)
        services.report_save_texts(
            report=report, actor=users["alice"], overview=report.overview, problems=PROBLEMS_2025, other=report.other
        )
        services.report_submit(report=report, actor=users["alice"])
        services.report_approve(report=report, actor=users["henry"], on=date(2026, 1, 20))
    if not AnnualReport.objects.filter(agency=gaoshawo, year=2026).exists():
        report = services.report_start(agency=gaoshawo, actor=users["alice"], year=2026)
        # The draft's 五 starts as last year's problems under a 【…】 prompt (an error until it is
        # rewritten); the demo office has already written what became of them.
        services.report_save_texts(
            report=report, actor=users["alice"], overview=report.overview, problems=PROBLEMS_2026, other=report.other
        )
    if not AnnualReport.objects.filter(agency=dashuikeng, year=2025).exists():
        report = services.report_start(agency=dashuikeng, actor=users["dave"], year=2025)
        services.report_submit(report=report, actor=users["dave"])
