"""Demo records of the portal: an open day of 高沙窝镇 with opinions and answers. Idempotent."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from gongkai.accounts.models import Agency

from .search import reindex
from .models import OpenDay, OpenDayOpinion, OpenDayRegistration

TZ = ZoneInfo("Asia/Shanghai")


def load():
    agency = Agency.objects.filter(slug="gaoshawo").first()
    if agency is None:
        return
    open_days(agency)
    # The disclosure demo writes its items in bulk, without the publication signals: index them.
    reindex()


@transaction.atomic
def open_days(agency):
    held, _ = OpenDay.objects.update_or_create(
        agency=agency,
        title="高沙窝镇人民政府 2025 年政府开放日",
        defaults={
            "plan": "依据《高沙窝镇人民政府 2025 年政府开放日活动方案》，邀请人大代表、村民代表和群众走进镇政府，"
            "观摩民生保障服务中心、新时代文明实践站、生态牧场和养殖园区，了解业务办理流程，座谈交流。",
            "starts_at": datetime(2025, 11, 20, 9, 0, tzinfo=TZ),
            "ends_at": datetime(2025, 11, 20, 12, 0, tzinfo=TZ),
            "place": "高沙窝镇民生保障服务中心",
            "agenda": "9:00 集合签到\n9:20 观摩民生保障服务中心、新时代文明实践站\n10:30 参观生态牧场、温棚、养殖园区\n11:15 座谈交流，征集意见建议",
            "capacity": 30,
            "registration_closes_at": datetime(2025, 11, 18, 18, 0, tzinfo=TZ),
            "published": True,
            "participants_attended": 24,
        },
    )
    for content, answer in [
        (
            "建议在各村公开栏同步公示涉农补贴发放明细，方便老人查看。",
            "已要求各村（社区）在村务公开栏同步公示，并在涉农扶贫资金查询机上提供查询。",
        ),
        ("希望开放日活动每年多办几次。", ""),
    ]:
        OpenDayOpinion.objects.get_or_create(open_day=held, content=content, defaults={"answer": answer})
    OpenDay.objects.update_or_create(
        agency=agency,
        title="高沙窝镇人民政府 2026 年政府开放日",
        defaults={
            "plan": "走进镇政府，了解政府信息公开、依申请公开办理流程和涉农补贴发放情况，座谈交流。",
            "starts_at": datetime(2026, 12, 17, 9, 0, tzinfo=TZ),
            "ends_at": datetime(2026, 12, 17, 12, 0, tzinfo=TZ),
            "place": "高沙窝镇民生保障服务中心二楼会议室",
            "agenda": "9:00 签到\n9:15 观摩政府信息公开查阅点\n10:00 涉农补贴发放流程介绍\n10:45 座谈交流",
            "capacity": 20,
            "registration_closes_at": datetime(2026, 12, 15, 18, 0, tzinfo=TZ),
            "published": True,
        },
    )
    OpenDayRegistration.objects.get_or_create(
        open_day=held, phone="13900000001", defaults={"name": "王某某", "organization": "长流墩村村民代表"}
    )
