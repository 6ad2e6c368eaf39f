"""Demo records of 主动公开 at 高沙窝镇 (idempotent).

- 2019–2020 registers that reproduce section 二 of the seed report exactly (行政许可 3 items in
  2019 and none in 2020; 行政处罚 12 items both years and 192 decisions in 2020; all else 0);
- about 1,000 items published in 2020 over the seed's channels, 46 of them on the website;
- 2026 items in every state of the review chain, made through the services (real audit trail);
- items posted now on every village board.

Generated titles follow the forms the seed names; names of people in bodies are masked as a real
公示 would be (王**), so the personal-data guard finds nothing.
"""

import random
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Agency, Region, Unit
from gongkai.workdays.selectors import work_calendar

from . import services
from .models import (
    Category,
    Channel,
    DecisionTally,
    Item,
    ItemEvent,
    ItemVersion,
    PowerKind,
    PowerListEntry,
)

LICENSES_2019 = ["乡村建设规划许可证核发", "农村村民宅基地用地审批", "临时占用草原审批"]
PENALTIES = [
    "对违反禁牧封育规定放牧的处罚",
    "对在草原上非法开垦的处罚",
    "对未经批准在草原上采挖甘草的处罚",
    "对违法占用耕地建房的处罚",
    "对乱扔垃圾、乱倒污水的处罚",
    "对未按规定处置病死畜禽的处罚",
    "对违法燃放烟花爆竹的处罚",
    "对占道经营的处罚",
    "对违规焚烧秸秆的处罚",
    "对违法建设的处罚",
    "对违反森林防火规定野外用火的处罚",
    "对擅自设置户外广告的处罚",
]
PENALTY_DECISIONS_2020 = [10, 12, 18, 20, 16, 15, 17, 19, 16, 18, 17, 14]  # = 192, the seed's number

BOARD_DAYS = 20

CROPS = ["玉米", "马铃薯", "荞麦", "小杂粮", "饲草"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"


def tz(day, hour=10):
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def load():
    gaoshawo = Agency.objects.filter(slug="gaoshawo").first()
    if gaoshawo is None:
        return
    for agency in Agency.objects.all():
        services.catalog_seed(agency=agency)
    with transaction.atomic():
        registers(gaoshawo)
    if not Item.objects.filter(agency=gaoshawo, formed_on__year=2020).exists():
        with transaction.atomic():
            generate_2020(gaoshawo)
    # The boards are posted "now" (formed within the last BOARD_DAYS days): keyed on that rather
    # than on a year, a second load posts nothing new in whatever year it runs.
    recent = timezone.localdate() - timedelta(days=BOARD_DAYS)
    if not Item.objects.filter(agency=gaoshawo, formed_on__gte=recent, region__isnull=False).exists():
        with transaction.atomic():
            generate_boards(gaoshawo)
    current_year_chain(gaoshawo)


def registers(gaoshawo):
    for name in LICENSES_2019:
        PowerListEntry.objects.get_or_create(agency=gaoshawo, year=2019, kind=PowerKind.LICENSE, name=name)
    for year in (2019, 2020):
        for name in PENALTIES:
            PowerListEntry.objects.get_or_create(agency=gaoshawo, year=year, kind=PowerKind.PENALTY, name=name)
    for month, count in enumerate(PENALTY_DECISIONS_2020, start=1):
        DecisionTally.objects.update_or_create(
            agency=gaoshawo, year=2020, month=month, kind=PowerKind.PENALTY, defaults={"count": count}
        )


def _channels():
    """The channels, seeded by the disclosure migration; a database emptied since (a flushed test
    database) gets them back, so the demo loads anywhere."""
    if not Channel.objects.exists():
        from importlib import import_module

        from django.apps import apps

        import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    return {c.code: c for c in Channel.objects.all()}


class Context:
    def __init__(self, agency):
        self.agency = agency
        self.cats = {c.slug: c for c in Category.objects.filter(agency=agency)}
        self.units = {u.name: u for u in Unit.objects.filter(agency=agency)}
        self.channels = _channels()
        self.villages = list(Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE).order_by("code"))
        self.hamlets = {v.pk: list(v.children.order_by("code")) for v in self.villages}
        users = get_user_model().objects.in_bulk(["alice", "bob"], field_name="username")
        self.alice, self.bob = users.get("alice"), users.get("bob")
        self.calendar = work_calendar()


def masked_names(rng, n):
    return "、".join(rng.choice(SURNAMES) + "**" for _ in range(n))


def generate_2020(agency):
    ctx = Context(agency)
    rng = random.Random(2020)
    specs = []
    # 46 on the government website (the seed's number), town-level.
    website_titles = (
        [f"关于发放2020年耕地地力保护补贴的公示（第{i}批）" for i in range(1, 5)]
        + [f"高沙窝镇2020年{m}月临时救助对象名单公示" for m in range(1, 13)]
        + [f"高沙窝镇2020年{m}月城乡低保动态管理情况公示" for m in range(1, 13)]
        + [f"高沙窝镇2020年扶贫资金项目计划公示（第{i}批）" for i in range(1, 5)]
        + [f"高沙窝镇2020年农村危房改造对象公示（第{i}批）" for i in range(1, 5)]
        + [f"高沙窝镇2020年计划生育家庭奖励扶助对象公示（第{i}批）" for i in range(1, 4)]
        + [f"高沙窝镇2020年草原生态保护补助奖励资金发放公示（第{i}批）" for i in range(1, 5)]
        + ["高沙窝镇2020年财政预算公开", "高沙窝镇2019年财政决算公开", "高沙窝镇2020年公益性岗位招聘公告"]
    )
    assert len(website_titles) == 46
    for title in website_titles:
        specs.append(town_spec(ctx, rng, title, extra=["wechat-account"] if rng.random() < 0.5 else []))
    # The rest, about 970, on the other channels: 公众号, 工作群, 电子屏, 查询机, 书架, 公开栏, 电视.
    for village in ctx.villages:
        for q in range(1, 5):
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "village-finance",
                    f"{village.name}2020年第{'一二三四'[q - 1]}季度村级财务收支公示",
                    "财政所",
                )
            )
        for m in range(1, 13):
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "temporary-relief",
                    f"{village.name}2020年{m}月临时救助对象公示",
                    "民生保障服务中心",
                )
            )
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "rural-revitalization",
                    f"{village.name}2020年{m}月脱贫攻坚工作进展公示",
                    "农业农村综合服务站",
                )
            )
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "social-assistance",
                    f"{village.name}2020年{m}月城乡低保动态管理情况公示",
                    "民生保障服务中心",
                )
            )
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "village-decisions",
                    f"{village.name}2020年{m}月人居环境整治评比结果公示",
                    "党政办",
                )
            )
        for hamlet in ctx.hamlets[village.pk]:
            for crop in CROPS:
                specs.append(
                    village_spec(
                        ctx,
                        rng,
                        hamlet,
                        "farm-subsidies",
                        f"{village.name}{hamlet.name}2020年{crop}种植补贴面积公示",
                        "农业农村综合服务站",
                    )
                )
            for q in range(1, 5):
                specs.append(
                    village_spec(
                        ctx,
                        rng,
                        hamlet,
                        "farm-subsidies",
                        f"{village.name}{hamlet.name}2020年第{'一二三四'[q - 1]}季度滩羊养殖补贴公示",
                        "农业农村综合服务站",
                    )
                )
            for q in range(1, 3):
                specs.append(
                    village_spec(
                        ctx,
                        rng,
                        hamlet,
                        "poverty-funds",
                        f"{village.name}{hamlet.name}2020年扶贫资金到户项目公示（第{q}批）",
                        "农业农村综合服务站",
                    )
                )
        for topic in ("村集体经济发展项目", "道路硬化工程", "人居环境整治", "饮水安全工程"):
            specs.append(
                village_spec(
                    ctx, rng, village, "village-decisions", f"{village.name}关于{topic}的决议执行情况公示", "党政办"
                )
            )
        specs.append(
            village_spec(
                ctx, rng, village, "land-contract", f"{village.name}2020年土地承包经营权流转情况公示", "自然资源所"
            )
        )
        specs.append(
            village_spec(
                ctx,
                rng,
                village,
                "land-compensation",
                f"{village.name}2020年征地补偿标准及补偿款发放公示",
                "自然资源所",
            )
        )
        for q in range(1, 4):
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "housing-renovation",
                    f"{village.name}2020年农村危房改造对象公示（第{q}批）",
                    "自然资源所",
                )
            )
        for q in range(1, 7):
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "family-planning",
                    f"{village.name}2020年计划生育服务信息公示（第{q}批）",
                    "民生保障服务中心",
                )
            )
        for q in range(1, 5):
            quarter = "一二三四"[q - 1]
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "employment",
                    f"{village.name}2020年第{quarter}季度就业创业补贴申领人员公示",
                    "民生保障服务中心",
                )
            )
            specs.append(
                village_spec(
                    ctx,
                    rng,
                    village,
                    "poverty-funds",
                    f"{village.name}2020年第{quarter}季度扶贫资金使用情况公示",
                    "农业农村综合服务站",
                )
            )
    save_bulk(ctx, specs)


def town_spec(ctx, rng, title, extra=()):
    category = category_for(title)
    unit = {
        "temporary-relief": "民生保障服务中心",
        "family-planning": "民生保障服务中心",
        "employment": "民生保障服务中心",
        "budget": "财政所",
        "housing-renovation": "自然资源所",
    }.get(category, "农业农村综合服务站")
    return spec(ctx, rng, title, category, unit, None, ["website", *extra])


def category_for(title):
    for word, slug in (
        ("耕地地力", "farm-subsidies"),
        ("草原生态", "farm-subsidies"),
        ("临时救助", "temporary-relief"),
        ("低保", "social-assistance"),
        ("扶贫资金", "poverty-funds"),
        ("危房", "housing-renovation"),
        ("计划生育", "family-planning"),
        ("财政", "budget"),
        ("招聘", "employment"),
    ):
        if word in title:
            return slug
    return "other-statutory"


def village_spec(ctx, rng, region, category, title, unit):
    channels = ["village-board"]
    channels.append(rng.choice(["wechat-group", "wechat-group", "kiosk", "screen", "bookshelf", "new-media"]))
    if region.name == "长流墩村" or (region.parent_id and region.parent.name == "长流墩村"):
        if rng.random() < 0.3:
            channels.append("tv")
    return spec(ctx, rng, title, category, unit, region, channels)


def spec(ctx, rng, title, category, unit, region, channels):
    formed = date(2020, 1, 2) + timedelta(days=rng.randrange(0, 340))
    for m in range(1, 13):  # a title that names its month is formed in that month
        if f"2020年{m}月" in title:
            formed = date(2020, m, rng.randrange(1, 25))
    delay = rng.choice([2, 3, 5, 7, 10, 12, 15, 20, 24, 40]) if rng.random() < 0.97 else 45
    published = min(formed + timedelta(days=delay), date(2020, 12, 31))  # the seed counts them in 2020
    return dict(
        title=title,
        category=category,
        unit=unit,
        region=region,
        channels=channels,
        formed=formed,
        published=published,
        body=body_for(rng, title),
    )


def body_for(rng, title):
    if "财务收支" in title:
        income, spent = rng.randrange(50_000, 300_000), rng.randrange(30_000, 250_000)
        return (
            f"<p>根据村务公开有关规定，现将{title.replace('公示', '')}情况公示如下：</p>"
            f"<table><tr><th>项目</th><th>金额（元）</th></tr><tr><td>收入合计</td><td>{income}</td></tr>"
            f"<tr><td>支出合计</td><td>{spent}</td></tr></table><p>公示期 7 天。如有异议，请向村务监督委员会反映。</p>"
        )
    if "补贴" in title or "补助" in title:
        return (
            f"<p>根据自治区和县有关政策，经农户申报、村级审核、镇级复核，现将{title.replace('公示', '')}情况予以公示。"
            f"涉及农户 {rng.randrange(20, 260)} 户，补贴资金 {rng.randrange(20_000, 600_000)} 元，补贴资金通过“一卡通”发放。</p>"
            f"<p>公示期 7 天。监督电话：0953-6088001。</p>"
        )
    if "救助" in title or "低保" in title:
        return (
            f"<p>经个人申请、入户调查、民主评议和审核，以下对象符合条件，现予公示：{masked_names(rng, rng.randrange(2, 7))}。</p>"
            f"<p>公示期 7 天。如有异议，请向高沙窝镇民生保障服务中心反映，电话：0953-6088001。</p>"
        )
    return (
        f"<p>{title.replace('公示', '')}情况如下，现予公示。</p><p>本项工作严格按照有关政策执行，"
        f"接受群众监督。公示期 7 天，监督电话：0953-6088001。</p>"
    )


def save_bulk(ctx, specs, state=Item.State.PUBLISHED, notice_period=True):
    """Write generated published items with their channels, first versions and publish events."""
    items = []
    for sp in specs:
        due = ctx.calendar.due(sp["formed"], services.PUBLISH_DAYS)
        region = sp["region"]
        level = (
            Item.Level.TOWN
            if region is None
            else (Item.Level.VILLAGE if region.level == Region.Level.VILLAGE else Item.Level.HAMLET)
        )
        published_at = tz(sp["published"])
        on_board = "village-board" in sp["channels"]
        expires = sp.get("expires_at")
        if expires is None and on_board and notice_period:
            expires = published_at + timedelta(days=30)  # a 公示 period: taken down afterwards
        item_state = state
        if expires is not None and expires <= timezone.now():
            item_state = Item.State.EXPIRED
        items.append(
            Item(
                agency=ctx.agency,
                category=ctx.cats[sp["category"]],
                unit=ctx.units[sp["unit"]],
                title=sp["title"],
                body=sp["body"],
                level=level,
                region=region,
                formed_on=sp["formed"],
                due_on=due.date,
                due_provisional=due.provisional,
                published_at=published_at,
                expires_at=expires,
                is_late=sp["published"] > due.date,
                state=item_state,
                version=1,
                created_by=ctx.bob,
                secrecy_review={k: True for k, _ in Item.SECRECY_CHECKS},
            )
        )
    Item.objects.bulk_create(items, batch_size=500)
    Through = Item.channels.through
    Through.objects.bulk_create(
        [
            Through(item_id=it.pk, channel_id=ctx.channels[code].pk)
            for it, sp in zip(items, specs)
            for code in sp["channels"]
        ],
        batch_size=1000,
    )
    ItemVersion.objects.bulk_create(
        [
            ItemVersion(
                item=it, number=1, title=it.title, body=it.body, published_at=it.published_at, published_by=ctx.alice
            )
            for it in items
        ],
        batch_size=500,
    )
    events = []
    for it in items:
        events.append(
            ItemEvent(
                item=it,
                actor=ctx.alice,
                verb=ItemEvent.Action.PUBLISH,
                before={"state": Item.State.OGI_REVIEW},
                after={"state": Item.State.PUBLISHED},
                at=it.published_at,
            )
        )
        if it.state == Item.State.EXPIRED:
            events.append(
                ItemEvent(
                    item=it,
                    verb=ItemEvent.Action.EXPIRE,
                    before={"state": Item.State.PUBLISHED},
                    after={"state": Item.State.EXPIRED},
                    at=it.expires_at,
                )
            )
    ItemEvent.objects.bulk_create(events, batch_size=1000)
    return items


def generate_boards(agency):
    """Items posted now on each village board (2026), some with a 公示 end date to come."""
    ctx = Context(agency)
    rng = random.Random(2026)
    today = timezone.localdate()
    specs = []
    for village in ctx.villages:
        quarter = "一二三四"[(today.month - 1) // 3 - 1] if today.month > 3 else "四"
        year = today.year if today.month > 3 else today.year - 1
        rows = [
            ("village-finance", f"{village.name}{year}年第{quarter}季度村级财务收支公示", "财政所", village),
            (
                "temporary-relief",
                f"{village.name}{today.year}年{today.month}月临时救助对象公示",
                "民生保障服务中心",
                village,
            ),
            (
                "village-decisions",
                f"{village.name}关于{today.year}年村集体经济收益分配方案的决议执行情况公示",
                "党政办",
                village,
            ),
            ("land-compensation", f"{village.name}{today.year}年占地补偿标准公示", "自然资源所", village),
        ]
        hamlet = ctx.hamlets[village.pk][0] if ctx.hamlets[village.pk] else None
        if hamlet:
            rows.append(
                (
                    "land-contract",
                    f"{village.name}{hamlet.name}{today.year}年土地承包经营权确权情况公示",
                    "自然资源所",
                    hamlet,
                )
            )
        for category, title, unit, region in rows:
            formed = today - timedelta(days=rng.randrange(5, BOARD_DAYS))
            sp = dict(
                title=title,
                category=category,
                unit=unit,
                region=region,
                channels=["village-board", "wechat-group"],
                formed=formed,
                published=formed + timedelta(days=3),
                body=body_for(rng, title),
            )
            if category in ("temporary-relief", "land-compensation"):
                sp["expires_at"] = tz(today + timedelta(days=rng.randrange(10, 40)))
            specs.append(sp)
    save_bulk(ctx, specs, notice_period=False)


CHAIN_TITLES = {
    "draft": "高沙窝镇{y}年城乡居民医疗保险参保缴费通知",
    "unit_review": "高沙窝镇{y}年第四季度临时救助对象名单公示",
    "leader_review": "关于发放{y}年耕地地力保护补贴的公示",
    "ogi_review": "高沙窝镇{y}年农村危房改造补助资金发放公示",
    "published": "高沙窝镇{y}年扶贫资金项目实施情况公示",
    "sent_back": "高沙窝镇{y}年计划生育家庭奖励扶助对象公示",
    "withdrawn": "高沙窝镇{y}年公益性岗位人员名单公示",
    "corrected": "高沙窝镇{y}年草原生态保护补助奖励资金发放公示",
}


def current_year_chain(agency):
    """One 2026 item in every state, moved through the real services by the named people."""
    ctx = Context(agency)
    users = get_user_model().objects.in_bulk(["alice", "bob", "heidi", "carol"], field_name="username")
    if len(users) < 4:
        return
    year = timezone.localdate().year
    clear = {k: True for k, _ in Item.SECRECY_CHECKS}
    cats = {
        "draft": "social-policy",
        "unit_review": "temporary-relief",
        "leader_review": "farm-subsidies",
        "ogi_review": "housing-renovation",
        "published": "poverty-funds",
        "sent_back": "family-planning",
        "withdrawn": "employment",
        "corrected": "farm-subsidies",
    }
    for target, template in CHAIN_TITLES.items():
        title = template.format(y=year)
        if Item.objects.filter(agency=agency, title=title).exists():
            continue
        with transaction.atomic():
            # heidi heads 民生保障服务中心 and carol leads it: the whole chain has its people there.
            unit = ctx.units["民生保障服务中心"]
            item = services.item_create(
                actor=users["bob"],
                agency=agency,
                channels=[ctx.channels["website"], ctx.channels["wechat-account"]],
                category=ctx.cats[cats[target]],
                unit=unit,
                title=title,
                body=f"<p>{title.replace('公示', '')}有关情况如下，现予公示，接受群众监督。公示期 7 天。</p>",
                formed_on=timezone.localdate() - timedelta(days=12),
            )
            if target == "draft":
                continue
            services.item_submit(actor=users["bob"], item=item)
            if target == "unit_review":
                continue
            if target == "sent_back":
                services.item_send_back(actor=users["heidi"], item=item, reason="名单未注明奖扶标准，请补充后重新提交")
                continue
            services.item_approve_unit(actor=users["heidi"], item=item)
            if target == "leader_review":
                continue
            services.item_approve_leader(actor=users["carol"], item=item)
            if target == "ogi_review":
                continue
            services.item_publish(actor=users["alice"], item=item, secrecy=clear)
            if target == "withdrawn":
                services.item_withdraw(actor=users["alice"], item=item, reason="名单有误，核实后重新公示")
            if target == "corrected":
                services.item_correct(
                    actor=users["alice"],
                    item=item,
                    note="更正第二批发放金额",
                    body=f"<p>{title.replace('公示', '')}有关情况如下（已更正第二批发放金额），现予公示。</p>",
                )
