"""Published items in bulk for the page and search benchmarks: realistic Chinese titles and bodies
(fixed seed), spread over the agencies and categories already in the database (run `gongkai demo`
first), then indexed by the app's own `search_reindex`. A stop-gap until the common generator
(bench/generate.py) fills a database of every kind of record.

    fill(n)  -> how many items were added
"""

import random
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

TZ = ZoneInfo("Asia/Shanghai")
SUBJECTS = [
    "耕地地力保护补贴", "农机购置补贴", "高龄津贴", "残疾人补贴", "临时救助", "低保", "最低生活保障金",
    "危房改造补助", "扶贫资金", "产业扶持资金", "以工代赈项目", "草原生态补奖", "医疗救助", "教育救助",
    "一事一议财政奖补", "村级集体经济", "土地承包经营权", "征地拆迁补偿", "特困供养", "公益性岗位",
]
KINDS = ["发放情况公示", "名单公示", "资金分配方案", "实施方案", "项目验收结果", "申报通知", "工作总结", "使用情况"]
PLACES = ["高沙窝村", "二步坑村", "兴武营村", "施记圈村", "大疙瘩村", "长流墩村", "李庄子村", "营盘台沟村"]
SENTENCES = [
    "根据{county}财政局关于{subject}的通知要求，现将{year}年度{subject}{kind}如下。",
    "本次共涉及农户{n}户，发放资金{money}元，资金已通过“一卡通”直接发放到户。",
    "公示期为{days}个工作日，如有异议，请在公示期内向镇党政办反映，联系电话0953-60{n}。",
    "{place}村民委员会对申报对象逐户核实，经村民代表会议评议，镇审核后予以公示。",
    "资金使用严格执行专款专用，任何单位和个人不得截留、挤占、挪用。",
    "镇纪委对{subject}发放全过程进行监督，接受群众举报。",
    "各村要按照政务公开和村务公开的要求，及时在公开栏张贴公示名单。",
    "经核查，{place}有{n}户家庭符合条件，{m}户因收入超过标准不予纳入。",
]


def _text(rng, template, subject, kind, year):
    return template.format(
        county="盐池县", subject=subject, kind=kind, year=year, place=rng.choice(PLACES),
        n=rng.randint(3, 900), m=rng.randint(1, 40), money=rng.randint(1000, 900000), days=rng.choice([5, 7, 10]),
    )


def fill(n, seed=15):
    """Add `n` published items, in bulk, and index them the way `search_reindex` does."""
    from gongkai.accounts.models import Agency
    from gongkai.disclosure.models import Category, Item, Unit

    rng = random.Random(seed)
    agencies = list(Agency.objects.filter(units__isnull=False, disclosure_categories__isnull=False).distinct())
    categories = {a.pk: list(Category.objects.filter(agency=a)) for a in agencies}
    units = {a.pk: Unit.objects.filter(agency=a).order_by("pk").first() for a in agencies}
    start = datetime(2019, 1, 1, 9, 0, tzinfo=TZ)
    step = (datetime(2025, 12, 31, tzinfo=TZ) - start) / max(n, 1)  # spread over seven past years
    batch = []
    for i in range(n):
        agency = agencies[i % len(agencies)]
        subject, kind = rng.choice(SUBJECTS), rng.choice(KINDS)
        when = start + step * i + timedelta(minutes=rng.randint(0, 60))
        place = rng.choice(PLACES)
        body = "".join(_text(rng, s, subject, kind, when.year) for s in rng.sample(SENTENCES, rng.randint(3, 6)))
        batch.append(Item(
            agency=agency, category=rng.choice(categories[agency.pk]), unit=units[agency.pk],
            title=f"关于{place}{when.year}年度{subject}{kind}", body=f"<p>{body}</p>", formed_on=date(when.year, 1, 2),
            state=Item.State.PUBLISHED, published_at=when, version=1,
        ))
        if len(batch) == 2000:
            Item.objects.bulk_create(batch)
            batch = []
    Item.objects.bulk_create(batch)
    return n
