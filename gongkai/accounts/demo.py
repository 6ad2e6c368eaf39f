"""The demo county: 宁夏回族自治区 吴忠市 盐池县, with 高沙窝镇 and two more townships.

Only 长流墩村 is named by the seed report; the other village names are plausible, not verified.
"""

from django.contrib.auth import get_user_model
from django.db import transaction

from .models import Agency, Membership, Region, Role, Unit

GAOSHAWO_VILLAGES = [
    ("高沙窝社区", ["街区一组", "街区二组"]),
    ("长流墩村", ["长流墩", "西沟子"]),
    ("高沙窝村", ["上滩", "下滩"]),
    ("二步坑村", ["二步坑", "井滩"]),
    ("施记圈村", ["施记圈", "南湾"]),
    ("宝塔村", ["宝塔", "北梁"]),
    ("南梁村", ["南梁", "砖井"]),
    ("兴武营村", ["兴武营", "营盘"]),
    ("李庄子村", ["李庄子", "东滩"]),
    ("魏庄子村", ["魏庄子", "沙坡"]),
]

GAOSHAWO_UNITS = ["党政办", "民生保障服务中心", "农业农村综合服务站", "自然资源所", "财政所", "综合执法队"]

# username, password, full name, title shown on the login page
DEMO_PEOPLE = [
    ("alice", "alice-gongkai", "李爱丽", "高沙窝镇 党政办（政府信息公开工作机构）"),
    ("grace", "grace-gongkai", "高桂芳", "高沙窝镇 党政办主任（工作机构负责人）"),
    ("bob", "bob-gongkai", "包文博", "高沙窝镇 民生保障服务中心 经办人"),
    ("heidi", "heidi-gongkai", "何海迪", "高沙窝镇 民生保障服务中心 负责人"),
    ("carol", "carol-gongkai", "蔡凯萝", "高沙窝镇 分管领导（民生保障服务中心、农业农村综合服务站）"),
    ("henry", "henry-gongkai", "韩恒利", "高沙窝镇 镇长（主要领导）"),
    ("frank", "frank-gongkai", "冯福康", "高沙窝镇 分管领导（财政所、自然资源所、综合执法队、党政办）"),
    ("ivan", "ivan-gongkai", "尹万里", "高沙窝镇 农业农村综合服务站 负责人"),
    ("judy", "judy-gongkai", "金菊", "高沙窝镇 财政所 负责人"),
    ("kent", "kent-gongkai", "康建国", "高沙窝镇 自然资源所 负责人"),
    ("lily", "lily-gongkai", "林丽", "高沙窝镇 综合执法队 负责人"),
    ("dave", "dave-gongkai", "戴卫东", "大水坑镇 党政办（政府信息公开工作机构）"),
    ("erin", "erin-gongkai", "尔云", "盐池县 县政务公开办（上级政务公开办）"),
    ("admin", "admin-gongkai", "系统管理员", "系统管理员"),
]


def region(name, level, parent=None, code=""):
    obj, _ = Region.objects.update_or_create(parent=parent, name=name, defaults={"level": level, "code": code})
    return obj


def agency(slug, **fields):
    obj, _ = Agency.objects.update_or_create(slug=slug, defaults=fields)
    return obj


def person(username, password, full_name):
    user, created = get_user_model().objects.get_or_create(username=username)
    if created:
        user.set_password(password)
    user.last_name, user.first_name = full_name[:1], full_name[1:]
    user.email = f"{username}@example.org"
    user.save()
    return user


def member(user, agency_obj, role, unit=None):
    Membership.objects.get_or_create(user=user, agency=agency_obj, unit=unit, role=role)


def regions():
    L = Region.Level
    nx = region("宁夏回族自治区", L.PROVINCE, code="640000")
    wz = region("吴忠市", L.CITY, nx, "640300")
    yc = region("盐池县", L.COUNTY, wz, "640323")
    towns = {
        "gaoshawo": region("高沙窝镇", L.TOWNSHIP, yc, "640323103"),
        "dashuikeng": region("大水坑镇", L.TOWNSHIP, yc, "640323102"),
        "wanglejing": region("王乐井乡", L.TOWNSHIP, yc, "640323200"),
    }
    for i, (village, hamlets) in enumerate(GAOSHAWO_VILLAGES, start=1):
        v = region(village, L.VILLAGE, towns["gaoshawo"], f"640323103{200 + i:03d}")
        for j, hamlet in enumerate(hamlets, start=1):
            region(hamlet, L.HAMLET, v, f"640323103{200 + i:03d}{j:03d}")
    for town, villages in (("dashuikeng", ["大水坑村", "新泉井村"]), ("wanglejing", ["王乐井村", "曾记畔村"])):
        for village in villages:
            region(village, L.VILLAGE, towns[town])
    return yc, towns


def agencies(county_region, towns):
    A = Agency.Level
    county = agency(
        "yanchi",
        name="盐池县人民政府",
        short_name="盐池县",
        level=A.COUNTY,
        region=county_region,
        supervisor=None,
        ogi_office="盐池县人民政府办公室（县政务公开办）",
        ogi_address="宁夏盐池县花马池镇盐州路",
        ogi_postcode="751500",
        ogi_hours="工作日 上午 8:30–12:00，下午 14:30–18:00",
        ogi_phone="0953-6012345",
    )
    gaoshawo = agency(
        "gaoshawo",
        name="高沙窝镇人民政府",
        short_name="高沙窝镇",
        level=A.TOWNSHIP,
        region=towns["gaoshawo"],
        supervisor=county,
        ogi_office="高沙窝镇党政办",
        ogi_address="宁夏盐池县高沙窝镇民生保障服务中心一楼",
        ogi_postcode="751503",
        ogi_hours="工作日 上午 8:30–12:00，下午 14:30–18:00",
        ogi_phone="0953-6088001",
        ogi_contact="马丽",
        ogi_email="gaoshawo@example.org",
    )
    dashuikeng = agency(
        "dashuikeng",
        name="大水坑镇人民政府",
        short_name="大水坑镇",
        level=A.TOWNSHIP,
        region=towns["dashuikeng"],
        supervisor=county,
        ogi_office="大水坑镇党政办",
        ogi_address="宁夏盐池县大水坑镇",
        ogi_phone="0953-6077001",
        ogi_hours="工作日 上午 8:30–12:00，下午 14:30–18:00",
    )
    wanglejing = agency(
        "wanglejing",
        name="王乐井乡人民政府",
        short_name="王乐井乡",
        level=A.TOWNSHIP,
        region=towns["wanglejing"],
        supervisor=county,
        ogi_office="王乐井乡党政办",
        ogi_address="宁夏盐池县王乐井乡",
        ogi_phone="0953-6066001",
        ogi_hours="工作日 上午 8:30–12:00，下午 14:30–18:00",
    )
    return county, gaoshawo, dashuikeng, wanglejing


def units(gaoshawo, dashuikeng, wanglejing, county):
    made = {name: Unit.objects.get_or_create(agency=gaoshawo, name=name)[0] for name in GAOSHAWO_UNITS}
    for other in (dashuikeng, wanglejing):
        for name in ("党政办", "民生保障服务中心", "农业农村综合服务站"):
            Unit.objects.get_or_create(agency=other, name=name)
    Unit.objects.get_or_create(agency=county, name="县政务公开办")
    return made


def people(county, gaoshawo, dashuikeng, gaoshawo_units):
    users = {u: person(u, pw, name) for u, pw, name, _ in DEMO_PEOPLE}
    minsheng, dangzheng = gaoshawo_units["民生保障服务中心"], gaoshawo_units["党政办"]
    member(users["alice"], gaoshawo, Role.OGI, dangzheng)
    member(users["grace"], gaoshawo, Role.OGI_HEAD, dangzheng)
    member(users["bob"], gaoshawo, Role.CLERK, minsheng)
    member(users["heidi"], gaoshawo, Role.UNIT_HEAD, minsheng)
    member(users["carol"], gaoshawo, Role.LEADER)
    member(users["henry"], gaoshawo, Role.HEAD)
    member(users["dave"], dashuikeng, Role.OGI, Unit.objects.get(agency=dashuikeng, name="党政办"))
    member(users["erin"], county, Role.SUPERVISOR, Unit.objects.get(agency=county, name="县政务公开办"))
    member(users["admin"], county, Role.ADMIN)
    admin = users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    # Every station has its head and its leader in charge, so each can send items up the chain.
    chain = {
        "民生保障服务中心": ("heidi", "carol"),
        "农业农村综合服务站": ("ivan", "carol"),
        "财政所": ("judy", "frank"),
        "自然资源所": ("kent", "frank"),
        "综合执法队": ("lily", "frank"),
        "党政办": ("grace", "frank"),
    }
    for name, (head, leader) in chain.items():
        unit = gaoshawo_units[name]
        unit.head, unit.leader = users[head], users[leader]
        unit.save()
        member(users[head], gaoshawo, Role.UNIT_HEAD, unit)
    member(users["frank"], gaoshawo, Role.LEADER)
    return users


@transaction.atomic
def load():
    county_region, towns = regions()
    county, gaoshawo, dashuikeng, wanglejing = agencies(county_region, towns)
    made = units(gaoshawo, dashuikeng, wanglejing, county)
    people(county, gaoshawo, dashuikeng, made)


def is_loaded():
    return Agency.objects.filter(slug="gaoshawo").exists()
