"""Demo reports: 高沙窝镇 2025 published (so R5 works for 2026) and 2026 being drafted; 大水坑镇
2025 submitted but not approved (late); 王乐井乡 nothing — the roll-up shows every status."""

from datetime import date

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


@transaction.atomic
def load():
    users = get_user_model().objects.in_bulk(["alice", "henry", "dave", "erin"], field_name="username")
    gaoshawo, dashuikeng = Agency.objects.get(slug="gaoshawo"), Agency.objects.get(slug="dashuikeng")
    if not AnnualReport.objects.filter(agency=gaoshawo, year=2025).exists():
        report = services.report_start(agency=gaoshawo, actor=users["alice"], year=2025)
        services.report_save_texts(report=report, actor=users["alice"], overview=report.overview,
                                   problems=PROBLEMS_2025, other=report.other)
        services.report_submit(report=report, actor=users["alice"])
        services.report_approve(report=report, actor=users["henry"], on=date(2026, 1, 20))
    if not AnnualReport.objects.filter(agency=gaoshawo, year=2026).exists():
        services.report_start(agency=gaoshawo, actor=users["alice"], year=2026)
    if not AnnualReport.objects.filter(agency=dashuikeng, year=2025).exists():
        report = services.report_start(agency=dashuikeng, actor=users["dave"], year=2025)
        services.report_submit(report=report, actor=users["dave"])
