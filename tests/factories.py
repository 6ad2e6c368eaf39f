"""Builders for the people and agencies the tests need, made in the test layer rather than loaded
from the demo: the demo may change for the sake of a demonstration without moving a test, and a
test can say with one call what it needs that the standard cast lacks.

Plain functions, each making one thing with fields a test may override. `county()` makes the
standard cast every test module knows by name (after healthchecks' alice, bob, charlie):

- 盐池县 (slug yanchi), supervising 高沙窝镇 (gaoshawo), 大水坑镇 (dashuikeng) and 王乐井乡 (wanglejing);
- alice: 高沙窝镇's 政府信息公开工作机构 (OGI office, 党政办); grace: its head (OGI_HEAD);
- bob: clerk of 民生保障服务中心; heidi: its head; carol: the leader in charge of it;
- henry: 镇长 (HEAD); frank: the leader in charge of 财政所, 自然资源所, 综合执法队 and 党政办;
- ivan, judy, kent, lily: heads of the other stations;
- dave: 大水坑镇's OGI office; erin: the county's supervisor (上级政务公开办); admin: superuser.

Every person's password is "<username>-gongkai", so the login tests can type it.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.contrib.auth import get_user_model

from gongkai.accounts.models import Agency, Membership, Region, Role, Unit

L = Region.Level
A = Agency.Level

# Only the villages the tests look at, with two hamlets each for the three-level boards.
GAOSHAWO_VILLAGES = {"长流墩村": ["长流墩", "西沟子"], "高沙窝村": ["上滩", "下滩"], "二步坑村": ["二步坑", "井滩"]}
GAOSHAWO_UNITS = ["党政办", "民生保障服务中心", "农业农村综合服务站", "自然资源所", "财政所", "综合执法队"]
# station → (its head, the leader in charge): each station can send items up the review chain.
GAOSHAWO_CHAIN = {
    "民生保障服务中心": ("heidi", "carol"),
    "农业农村综合服务站": ("ivan", "carol"),
    "财政所": ("judy", "frank"),
    "自然资源所": ("kent", "frank"),
    "综合执法队": ("lily", "frank"),
    "党政办": ("grace", "frank"),
}
NAMES = {
    "alice": "李爱丽",
    "grace": "高桂芳",
    "bob": "包文博",
    "heidi": "何海迪",
    "carol": "蔡凯萝",
    "henry": "韩恒利",
    "frank": "冯福康",
    "ivan": "尹万里",
    "judy": "金菊",
    "kent": "康建国",
    "lily": "林丽",
    "dave": "戴卫东",
    "erin": "尔云",
    "admin": "系统管理员",
}
OFFICE_HOURS = "工作日 上午 8:30–12:00，下午 14:30–18:00"


def region(name, *, level=L.TOWNSHIP, parent=None, code=""):
    return Region.objects.create(name=name, level=level, parent=parent, code=code)


def agency(slug, *, name=None, short_name=None, level=A.TOWNSHIP, region=None, supervisor=None, **fields):
    """An agency; by default a township with its own region under its supervisor's region."""
    short_name = short_name or slug
    if region is None:
        parent = supervisor.region if supervisor else None
        region = Region.objects.create(
            name=short_name, level=L.TOWNSHIP if level == A.TOWNSHIP else L.COUNTY, parent=parent
        )
    defaults = {"ogi_office": f"{short_name}党政办", "ogi_hours": OFFICE_HOURS}
    return Agency.objects.create(
        slug=slug,
        name=name or f"{short_name}人民政府",
        short_name=short_name,
        level=level,
        region=region,
        supervisor=supervisor,
        **{**defaults, **fields},
    )


def unit(agency, name, *, head=None, leader=None):
    return Unit.objects.create(agency=agency, name=name, head=head, leader=leader)


def person(username, *, full_name=None, agency=None, role=None, unit=None, superuser=False):
    """A user (password "<username>-gongkai"), with one membership when agency and role are given."""
    full_name = full_name or NAMES.get(username, username)
    user = get_user_model()(
        username=username,
        last_name=full_name[:1],
        first_name=full_name[1:],
        email=f"{username}@example.org",
        is_staff=superuser,
        is_superuser=superuser,
    )
    user.set_password(f"{username}-gongkai")
    user.save()
    if agency is not None and role is not None:
        member(user, agency, role, unit)
    return user


def member(user, agency, role, unit=None):
    return Membership.objects.get_or_create(user=user, agency=agency, role=role, unit=unit)[0]


@dataclass
class Cast:
    """The standard cast: people by username, agencies by slug, 高沙窝镇's stations by name."""

    people: dict = field(default_factory=dict)
    agencies: dict = field(default_factory=dict)
    units: dict = field(default_factory=dict)


def county():
    """The standard cast (see the module docstring), as the tests' `people` fixture gives it."""
    nx = region("宁夏回族自治区", level=L.PROVINCE, code="640000")
    wz = region("吴忠市", level=L.CITY, parent=nx, code="640300")
    yc = region("盐池县", level=L.COUNTY, parent=wz, code="640323")
    yanchi = agency(
        "yanchi",
        name="盐池县人民政府",
        short_name="盐池县",
        level=A.COUNTY,
        region=yc,
        ogi_office="盐池县人民政府办公室（县政务公开办）",
        ogi_address="宁夏盐池县花马池镇盐州路",
        ogi_postcode="751500",
        ogi_phone="0953-6012345",
    )
    gaoshawo = agency(
        "gaoshawo",
        short_name="高沙窝镇",
        supervisor=yanchi,
        region=region("高沙窝镇", parent=yc, code="640323103"),
        ogi_office="高沙窝镇党政办",
        ogi_address="宁夏盐池县高沙窝镇民生保障服务中心一楼",
        ogi_postcode="751503",
        ogi_phone="0953-6088001",
        ogi_email="gaoshawo@example.org",
    )
    dashuikeng = agency(
        "dashuikeng",
        short_name="大水坑镇",
        supervisor=yanchi,
        region=region("大水坑镇", parent=yc, code="640323102"),
        ogi_phone="0953-6077001",
    )
    wanglejing = agency(
        "wanglejing", short_name="王乐井乡", supervisor=yanchi, region=region("王乐井乡", parent=yc, code="640323200")
    )
    for i, (village, hamlets) in enumerate(GAOSHAWO_VILLAGES.items(), start=1):
        v = region(village, level=L.VILLAGE, parent=gaoshawo.region, code=f"640323103{200 + i:03d}")
        for j, hamlet in enumerate(hamlets, start=1):
            region(hamlet, level=L.HAMLET, parent=v, code=f"640323103{200 + i:03d}{j:03d}")
    region("大水坑村", level=L.VILLAGE, parent=dashuikeng.region)
    region("王乐井村", level=L.VILLAGE, parent=wanglejing.region)

    stations = {name: unit(gaoshawo, name) for name in GAOSHAWO_UNITS}
    for other in (dashuikeng, wanglejing):
        for name in ("党政办", "民生保障服务中心"):
            unit(other, name)
    county_office = unit(yanchi, "县政务公开办")

    people = {username: person(username) for username in NAMES}
    member(people["alice"], gaoshawo, Role.OGI, stations["党政办"])
    member(people["grace"], gaoshawo, Role.OGI_HEAD, stations["党政办"])
    member(people["bob"], gaoshawo, Role.CLERK, stations["民生保障服务中心"])
    member(people["carol"], gaoshawo, Role.LEADER)
    member(people["frank"], gaoshawo, Role.LEADER)
    member(people["henry"], gaoshawo, Role.HEAD)
    member(people["dave"], dashuikeng, Role.OGI, dashuikeng.units.get(name="党政办"))
    member(people["erin"], yanchi, Role.SUPERVISOR, county_office)
    member(people["admin"], yanchi, Role.ADMIN)
    people["admin"].is_staff = people["admin"].is_superuser = True
    people["admin"].save()
    for name, (head, leader) in GAOSHAWO_CHAIN.items():
        station = stations[name]
        station.head, station.leader = people[head], people[leader]
        station.save()
        member(people[head], gaoshawo, Role.UNIT_HEAD, station)
    return Cast(
        people=people,
        units=stations,
        agencies={a.slug: a for a in (yanchi, gaoshawo, dashuikeng, wanglejing)},
    )


def published_item(
    agency,
    title,
    *,
    category,
    unit=None,
    region=None,
    channels=("website",),
    body="",
    published_at=None,
    expires_at=None,
    **fields,
):
    """An item as the review chain leaves it once published (version 1), on the given channels,
    published an hour ago unless `published_at` says when."""
    from django.utils import timezone

    from gongkai.disclosure.models import Channel, Item

    published_at = published_at or timezone.now() - timedelta(hours=1)
    level = {None: Item.Level.TOWN, L.VILLAGE: Item.Level.VILLAGE, L.HAMLET: Item.Level.HAMLET}[
        region.level if region else None
    ]
    made = Item.objects.create(
        agency=agency,
        category=category,
        unit=unit or agency.units.order_by("pk").first(),
        title=title,
        body=body,
        level=level,
        region=region,
        formed_on=timezone.localdate(published_at) - timedelta(days=3),
        state=Item.State.PUBLISHED,
        published_at=published_at,
        expires_at=expires_at,
        version=1,
        **fields,
    )
    made.channels.set(Channel.objects.filter(code__in=channels))
    return made


def open_day(agency, actor, *, now, capacity=2, **fields):
    """The agency's 2026 open day through the service: in ten days (three hours long), registration
    closing in eight."""
    from gongkai.portal import services

    return services.openday_create(
        agency=agency,
        actor=actor,
        title="2026年政府开放日",
        plan="走进镇政府",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=3),
        place="民生保障服务中心",
        agenda="9:00 签到",
        capacity=capacity,
        registration_closes_at=now + timedelta(days=8),
        **fields,
    )
