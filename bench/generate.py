"""A deterministic data set for the benchmarks (issue 15): a county government supervising
townships and departments, with units, villages, people, a catalog, items on channels, applications
in every state with their histories, appeals, the registers of section 二 and a few published
annual reports, agency by agency, so memory does not grow with the size. The small tables go
through the real models and services; the big ones (items with their channels, versions and events,
applications with their events) are written as rows (bench.generate.Writer: executemany on
SQLite, COPY on PostgreSQL), each value as its model field stores it. Search is then indexed by
the app's own entry point.

    python bench/generate.py --size S            # into DATA_DIR's database (or DATABASE_URL)

Sizes: tiny (tests), S = 20 agencies / 10,000 applications / 50,000 items,
M = 300 / 1,000,000 / 2,000,000, L = M's 300 agencies with 30,000 / 60,000. The same seed and size give the same records.
"""

from __future__ import annotations

import argparse
import functools
import os
import random
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock_time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Bump when the generated records change: `make bench` regenerates its cached database then.
VERSION = 3
SEED = 15
# The day the data set is generated "on": fixed, so the records never depend on the run's date.
# Before the tests' default day (2026-11-30), so nothing generated lies in a test's future.
TODAY = date(2026, 11, 20)
YEARS = (2024, 2025, 2026)
BATCH = 2000


@dataclass(frozen=True)
class Size:
    agencies: int
    applications: int
    items: int
    reports: int  # agencies whose 2025 report is published through the report services


SIZES = {
    "tiny": Size(agencies=3, applications=240, items=600, reports=1),
    "S": Size(agencies=20, applications=10_000, items=50_000, reports=3),
    "M": Size(agencies=300, applications=1_000_000, items=2_000_000, reports=3),
    # M's 300 agencies with S's records per agency scaled down: the roll-up's size, generated in
    # minutes where M takes hours on two cores
    "L": Size(agencies=300, applications=30_000, items=60_000, reports=3),
}

COUNTY = "樊川县"
TOWNSHIPS = (
    "东沟 西沟 南滩 北滩 柳泉 杏园 红山 黄渠 青石 白马 沙井 麻黄 马场 羊圈 花园 石门 平川 大河 小河 新庄".split()
)
DEPARTMENTS = [
    "发展和改革局",
    "教育局",
    "民政局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "住房和城乡建设局",
    "农业农村局",
    "卫生健康委员会",
    "市场监督管理局",
    "生态环境局",
    "应急管理局",
    "水务局",
    "交通运输局",
]
TOWN_UNITS = ["党政办", "民生保障服务中心", "农业农村综合服务站", "自然资源所", "财政所", "综合执法队"]
DEPT_UNITS = ["办公室", "政策法规股", "业务股", "计划财务股", "综合执法大队"]
VILLAGES = "长流 双泉 红星 团结 胜利 前进 和平 光明 幸福 新华".split()
HAMLETS = ["上庄", "下庄"]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙马朱胡郭何高林罗"
TOPICS = [
    ("耕地地力保护补贴发放", "farm-subsidies", "农业农村综合服务站"),
    ("临时救助对象名单", "temporary-relief", "民生保障服务中心"),
    ("城乡低保动态管理情况", "social-assistance", "民生保障服务中心"),
    ("扶贫资金项目计划", "poverty-funds", "农业农村综合服务站"),
    ("农村危房改造对象", "housing-renovation", "自然资源所"),
    ("草原生态保护补助奖励资金发放", "farm-subsidies", "农业农村综合服务站"),
    ("村级财务收支", "village-finance", "财政所"),
    ("土地承包经营权流转情况", "land-contract", "自然资源所"),
    ("就业创业补贴申领人员", "employment", "民生保障服务中心"),
    ("人居环境整治评比结果", "village-decisions", "党政办"),
]
DEPT_TOPICS = [
    ("部门预算公开", "budget"),
    ("部门决算公开", "budget"),
    ("行政处罚决定", "enforcement"),
    ("行政许可办理结果", "licensing"),
    ("政府集中采购项目", "procurement"),
    ("重大建设项目批准和实施情况", "major-projects"),
    ("公务员招考公告", "recruitment"),
    ("安全生产监督检查情况", "inspections"),
    ("年度工作计划", "plans"),
    ("统计信息公报", "statistics"),
]
INFO_WANTED = [
    "{y}年{a}高标准农田建设项目实施方案",
    "{y}年{a}耕地地力保护补贴发放明细",
    "{a}{y}年征地补偿安置方案",
    "{y}年{a}城乡低保资金使用情况",
    "{a}{y}年财政预算执行情况",
    "{a}农村危房改造补助标准及名单",
    "{y}年{a}道路硬化工程招标文件",
    "{a}{y}年行政处罚决定书",
]


@functools.lru_cache(maxsize=None)  # a few thousand (day, hour) pairs
def _aware(day, hour=10):
    from django.utils import timezone

    return timezone.make_aware(datetime.combine(day, clock_time(hour, 0)))


def _day(rng, first, last):
    return first + timedelta(days=rng.randrange((last - first).days + 1))


@contextmanager
def stated_times(model, *names):
    """Let bulk_create keep the times the generator states (auto_now/auto_now_add fields would
    stamp every generated row with the moment of generation)."""
    fields = [model._meta.get_field(n) for n in names]
    saved = [(f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, (now, now_add) in zip(fields, saved):
            f.auto_now, f.auto_now_add = now, now_add


# ---- writing rows in bulk ----


def _converter(field, connection):
    """How one field's value becomes what the database stores, as the ORM would write it; None
    where the value is stored as it is (text, numbers, keys). Dates, times, flags and JSON take
    few distinct values here: each is converted once."""
    from django.db import models

    plain = (
        models.CharField,
        models.TextField,
        models.EmailField,
        models.IntegerField,
        models.PositiveIntegerField,
        models.PositiveSmallIntegerField,
        models.BigIntegerField,
        models.ForeignKey,
        models.OneToOneField,
        models.AutoField,
        models.BigAutoField,
    )
    if type(field) in plain:
        return None
    prepare = field.get_db_prep_save
    if not isinstance(field, (models.DateField, models.BooleanField, models.JSONField)):
        return lambda value: prepare(value, connection)  # e.g. encrypted numbers: each its own
    known: dict = {}

    def convert(value):
        key = repr(value) if isinstance(value, dict) else value
        if key not in known:
            known[key] = prepare(value, connection)
        return known[key]

    return convert


class Table:
    """Rows of one model for a Writer: the values of `names` (attnames) in that order; every other
    column takes its field's default."""

    def __init__(self, model, names, connection):
        fields = {f.attname: f for f in model._meta.concrete_fields}
        given = [fields[n] for n in names]
        rest = [f for f in fields.values() if f.attname not in names and not f.primary_key]
        quote = connection.ops.quote_name
        self.name = quote(model._meta.db_table)
        self.columns = ", ".join(quote(f.column) for f in given + rest)
        self.converters = [_converter(f, connection) for f in given]
        self.tail = [f.get_db_prep_save(f.get_default(), connection) for f in rest]
        self.rows: list = []

    def add(self, *values):
        row = [value if convert is None else convert(value) for convert, value in zip(self.converters, values)]
        row.extend(self.tail)
        self.rows.append(row)


class Writer:
    """The generated records of the big tables, written without model instances: by executemany on
    SQLite and by COPY on PostgreSQL, in batches, tables in the order they were first asked for
    (parents before the rows that refer to them). Primary keys are given here, so children can
    refer to parents before anything is written; PostgreSQL's sequences are moved past them."""

    def __init__(self):
        from django.db import connection

        self.connection = connection
        self.tables: dict = {}
        self.last_ids: dict = {}
        self.dues: dict = {}

    def table(self, model, names):
        names = names.split() if isinstance(names, str) else list(names)
        if model not in self.tables:
            self.tables[model] = Table(model, names, self.connection)
        return self.tables[model]

    def new_id(self, model):
        from django.db.models import Max

        if model not in self.last_ids:
            self.last_ids[model] = model.objects.aggregate(last=Max("pk"))["last"] or 0
        self.last_ids[model] += 1
        return self.last_ids[model]

    def due(self, calendar, start, days):
        """calendar.due(start, days), computed once per day (the calendar does not change meanwhile)."""
        key = (start, days)
        if key not in self.dues:
            self.dues[key] = calendar.due(start, days)
        return self.dues[key]

    def full(self):
        """Write the rows when a batch is full (call after each record and its children)."""
        if any(len(t.rows) >= BATCH for t in self.tables.values()):
            self.flush()

    def flush(self):
        postgres = self.connection.vendor == "postgresql"
        with self.connection.cursor() as cursor:
            for table in self.tables.values():
                if not table.rows:
                    continue
                if postgres:
                    with cursor.cursor.copy(f"COPY {table.name} ({table.columns}) FROM STDIN") as copy:
                        for row in table.rows:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(table.rows[0]))
                    cursor.executemany(f"INSERT INTO {table.name} ({table.columns}) VALUES ({marks})", table.rows)
                table.rows = []
            if postgres and self.last_ids:
                from django.core.management.color import no_style

                for sql in self.connection.ops.sequence_reset_sql(no_style(), list(self.last_ids)):
                    cursor.execute(sql)


# ---- agencies, units, regions, people ----


class Cast:
    """One generated agency: its units, villages, hamlets, categories and people."""

    def __init__(self, agency, units, villages, hamlets, categories, people):
        self.agency, self.units, self.villages, self.hamlets = agency, units, villages, hamlets
        self.categories, self.people = categories, people


def _agency_names(n):
    """(short name, full name, level) of the n agencies below the county, townships first."""
    from gongkai.accounts.models import Agency

    towns = max(1, n * 2 // 3)
    out = []
    for i in range(n):
        if i < towns:
            base = TOWNSHIPS[i % len(TOWNSHIPS)] + (str(i // len(TOWNSHIPS) + 1) if i >= len(TOWNSHIPS) else "")
            out.append((f"{base}镇", f"{COUNTY}{base}镇人民政府", Agency.Level.TOWNSHIP))
        else:
            j = i - towns
            base = DEPARTMENTS[j % len(DEPARTMENTS)] + (str(j // len(DEPARTMENTS) + 1) if j >= len(DEPARTMENTS) else "")
            out.append((base, f"{COUNTY}{base}", Agency.Level.COUNTY_DEPT))
    return out


def _people(agency, index, units, password):
    """Staff of one agency: OGI office, its head, the head of the agency, a leader in charge, and a
    clerk and a head per unit (usernames g<index>-<role>)."""
    from django.contrib.auth import get_user_model

    from gongkai.accounts.models import Membership, Role

    User = get_user_model()
    roles = [
        ("ogi", Role.OGI, None),
        ("ogihead", Role.OGI_HEAD, None),
        ("head", Role.HEAD, None),
        ("leader", Role.LEADER, None),
    ]
    roles += [(f"clerk{k}", Role.CLERK, u) for k, u in enumerate(units)]
    roles += [(f"unithead{k}", Role.UNIT_HEAD, u) for k, u in enumerate(units)]
    users = User.objects.bulk_create(
        [
            User(
                username=f"g{index}-{key}",
                first_name=SURNAMES[(index + k) % len(SURNAMES)] + "工作人员",
                email=f"g{index}-{key}@example.org",
                password=password,
            )
            for k, (key, _role, _unit) in enumerate(roles)
        ]
    )
    Membership.objects.bulk_create(
        [Membership(user=user, agency=agency, role=role, unit=unit) for user, (_k, role, unit) in zip(users, roles)]
    )
    people = {key: user for user, (key, _r, _u) in zip(users, roles)}
    for k, u in enumerate(units):
        u.head, u.leader = people[f"unithead{k}"], people["leader"]
    type(units[0]).objects.bulk_update(units, ["head", "leader"])
    return people


def make_agencies(size, rng):
    """The county government (with its supervisor) and `size.agencies - 1` agencies below it."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from gongkai.accounts.models import Agency, Membership, Region, Role, Unit
    from gongkai.applications.letters import seed_templates
    from gongkai.applications.services import settings_for
    from gongkai.disclosure.models import Category
    from gongkai.disclosure.services import catalog_seed

    password = make_password("bench-gongkai")
    county_region = Region.objects.create(name=COUNTY, level=Region.Level.COUNTY, code="640399")
    county = Agency.objects.create(
        slug="g-county",
        name=f"{COUNTY}人民政府",
        short_name=COUNTY,
        level=Agency.Level.COUNTY,
        region=county_region,
        ogi_office=f"{COUNTY}人民政府办公室",
        ogi_hours="工作日 8:30–12:00，14:30–18:00",
        ogi_phone="0953-7000000",
    )
    supervisor = get_user_model().objects.create(username="g-supervisor", first_name="县政务公开办", password=password)
    Membership.objects.create(user=supervisor, agency=county, role=Role.SUPERVISOR)
    casts = []
    specs = [(COUNTY, county.name, Agency.Level.COUNTY)] + _agency_names(size.agencies - 1)
    for index, (short, name, level) in enumerate(specs):
        if index == 0:
            agency = county
        else:
            region = (
                Region.objects.create(
                    name=short,
                    code=f"640399{index:03d}",
                    level=Region.Level.TOWNSHIP if level == Agency.Level.TOWNSHIP else Region.Level.COUNTY,
                    parent=county_region if level == Agency.Level.TOWNSHIP else None,
                )
                if level == Agency.Level.TOWNSHIP
                else county_region
            )
            agency = Agency.objects.create(
                slug=f"g-{index}",
                name=name,
                short_name=short,
                level=level,
                region=region,
                supervisor=county,
                ogi_office=f"{short}党政办" if level == Agency.Level.TOWNSHIP else f"{short}办公室",
                ogi_hours="工作日 8:30–12:00，14:30–18:00",
                ogi_phone=f"0953-70{index:05d}",
            )
        unit_names = TOWN_UNITS if agency.is_township else DEPT_UNITS
        units = Unit.objects.bulk_create([Unit(agency=agency, name=n) for n in unit_names])
        villages, hamlets = [], {}
        if agency.is_township:
            villages = Region.objects.bulk_create(
                [
                    Region(
                        name=f"{v}村",
                        level=Region.Level.VILLAGE,
                        parent=agency.region,
                        code=f"{agency.region.code}{k:03d}",
                    )
                    for k, v in enumerate(VILLAGES[: 3 + index % 4])
                ]
            )
            for v in villages:
                hamlets[v.pk] = Region.objects.bulk_create(
                    [
                        Region(name=h, level=Region.Level.HAMLET, parent=v, code=f"{v.code}{k:02d}")
                        for k, h in enumerate(HAMLETS)
                    ]
                )
        people = _people(agency, index, units, password)
        catalog_seed(agency=agency)
        settings_for(agency)
        seed_templates(agency)
        categories = {c.slug: c for c in Category.objects.filter(agency=agency)}
        casts.append(Cast(agency, {u.name: u for u in units}, villages, hamlets, categories, people))
    return casts


# ---- items on channels ----


def _item_title(rng, cast, year, month):
    if cast.agency.is_township:
        topic, slug, unit = rng.choice(TOPICS)
        region = None
        if cast.villages and rng.random() < 0.7:
            region = rng.choice(cast.villages)
            if rng.random() < 0.4:
                region = rng.choice(cast.hamlets[region.pk])
        place = (
            cast.agency.short_name
            if region is None
            else (region.name if region.parent_id == cast.agency.region_id else f"{region.parent.name}{region.name}")
        )
        return f"{place}{year}年{month}月{topic}公示", slug, unit, region
    topic, slug = rng.choice(DEPT_TOPICS)
    return f"{cast.agency.short_name}{year}年{topic}", slug, rng.choice(DEPT_UNITS), None


def _item_body(rng, title):
    households, amount = rng.randrange(20, 400), rng.randrange(20_000, 900_000)
    names = "、".join(rng.choice(SURNAMES) + "**" for _ in range(rng.randrange(2, 6)))
    return (
        f"<p>根据有关政策规定，经申报、审核、复核，现将{title.removesuffix('公示')}情况予以公示。"
        f"涉及农户 {households} 户，资金 {amount} 元，通过“一卡通”发放。名单：{names}。</p>"
        f"<p>公示期 7 天。如有异议，请在公示期内反映，监督电话：0953-6088{rng.randrange(100, 999)}。</p>"
    )


ITEM_STATES = [
    ("published", 86),
    ("expired", 4),
    ("withdrawn", 2),
    ("draft", 3),
    ("unit_review", 2),
    ("leader_review", 1),
    ("ogi_review", 2),
]


def _weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


def make_items(cast, count, rng, calendar, channels, writer):
    """`count` items of one agency formed over YEARS, most published on one to three channels, each
    with its first version and the events the review chain would have written."""
    from gongkai.disclosure.models import Item, ItemEvent, ItemVersion
    from gongkai.disclosure.services import PUBLISH_DAYS

    items = writer.table(
        Item,
        "id agency_id category_id unit_id title body level region_id formed_on due_on due_provisional state "
        "version created_by_id published_at expires_at withdrawn_at withdrawal_reason is_late secrecy_review "
        "created_at updated_at",
    )
    through = writer.table(Item.channels.through, "item_id channel_id")
    versions = writer.table(ItemVersion, "item_id number title body published_at published_by_id")
    events = writer.table(ItemEvent, "item_id actor_id verb at before after reason")
    ogi, clerk = cast.people["ogi"].pk, cast.people["clerk0"].pk
    online = [c.pk for c in channels if c.online]
    offline = [c.pk for c in channels if not c.online]
    checks = {k: True for k, _label in Item.SECRECY_CHECKS}
    other = cast.categories["other-statutory"].pk
    first_unit = next(iter(cast.units.values())).pk
    draft, published = {"state": "draft"}, {"state": "published"}
    for _ in range(count):
        formed = _day(rng, date(YEARS[0], 1, 2), TODAY - timedelta(days=1))
        title, slug, unit_name, region = _item_title(rng, cast, formed.year, formed.month)
        state = _weighted(rng, ITEM_STATES)
        due = writer.due(calendar, formed, PUBLISH_DAYS)
        shown = None
        if state in ("published", "expired", "withdrawn"):
            delay = rng.choice([1, 2, 3, 5, 7, 10, 14, 20, 26]) if rng.random() < 0.97 else 45
            shown = min(formed + timedelta(days=delay), TODAY)
        level = (
            Item.Level.TOWN
            if region is None
            else (Item.Level.VILLAGE if region.level == "village" else Item.Level.HAMLET)
        )
        body = _item_body(rng, title)
        pk = writer.new_id(Item)
        at = _aware(shown) if shown else None
        expires = _aware(shown + timedelta(days=30)) if state == "expired" else None
        withdrawn = _aware(shown + timedelta(days=5)) if state == "withdrawn" else None
        reason = "内容有误，撤回后重新发布" if state == "withdrawn" else ""
        unit = cast.units.get(unit_name)
        category = cast.categories.get(slug)
        items.add(
            pk,
            cast.agency.pk,
            category.pk if category else other,
            unit.pk if unit else first_unit,
            title,
            body,
            level,
            region.pk if region else None,
            formed,
            due.date,
            due.provisional,
            state,
            1 if shown else 0,
            clerk,
            at,
            expires,
            withdrawn,
            reason,
            bool(shown and shown > due.date),
            checks if shown else {},
            _aware(formed, 9),
            _aware(shown or formed, 10),
        )
        chosen = [rng.choice(online)] + ([rng.choice(offline)] if rng.random() < 0.6 else [])
        for channel in dict.fromkeys(chosen):
            through.add(pk, channel)
        events.add(pk, clerk, ItemEvent.Action.CREATE, _aware(formed, 9), {}, draft, "")
        if shown:
            versions.add(pk, 1, title, body, at, ogi)
            events.add(pk, ogi, ItemEvent.Action.PUBLISH, at, {"state": "ogi_review"}, published, "")
        if state == "expired":
            events.add(pk, None, ItemEvent.Action.EXPIRE, expires, published, {"state": "expired"}, "")
        if state == "withdrawn":
            events.add(pk, ogi, ItemEvent.Action.WITHDRAW, withdrawn, published, {"state": "withdrawn"}, reason)
        writer.full()
    writer.flush()


# ---- applications and their histories ----

EVERY_STATE = ["submitted", "received", "correction", "consulting", "fee", "reasons", "decided", "served", "closed"]
OPEN_STATES = [
    ("submitted", 10),
    ("received", 45),
    ("correction", 8),
    ("consulting", 6),
    ("fee", 3),
    ("reasons", 3),
    ("decided", 10),
    ("served", 15),
]


def _outcomes():
    """(outcome code, weight) for every result the format in force declares."""
    from gongkai.applications.outcomes import OUTCOME_CODES
    from gongkai.core.report import formats

    def weight(code):
        if code in (formats.GRANTED, formats.PARTIAL):
            return 40 if code == formats.GRANTED else 12
        return 8 if code.startswith(formats.STEM_UNABLE) else 2

    return [(code, weight(code)) for code in OUTCOME_CODES]


def _applicant_types():
    from gongkai.applications.outcomes import NATURAL, applicant_types

    return [(code, 80 if code == NATURAL else 4) for code, _label in applicant_types()]


def _query_code(n):
    """The n-th query code: distinct for distinct n (a bijection of n, spread over the alphabet)."""
    from gongkai.applications.services import QUERY_ALPHABET

    base = len(QUERY_ALPHABET)
    x = (n * 2_654_435_761 + 97) % base**12
    return "".join(QUERY_ALPHABET[(x // base**k) % base] for k in range(12))


def _person(rng):
    from gongkai.applications.validators import id_check_char

    stem = f"640323{rng.randrange(1950, 2004)}{rng.randrange(1, 13):02d}{rng.randrange(1, 29):02d}{rng.randrange(100, 999)}"
    return rng.choice(SURNAMES) + rng.choice("文秀建丽志强华明玉兰"), stem + id_check_char(stem)


def _case(rng, cast, serials, code_no, calendar, weights, prefix, writer, status=None):
    """One application as {column attname: value}, in its status with the dates behind it."""
    from gongkai.applications.models import Application
    from gongkai.applications.services import format_number
    from gongkai.encryption import keyed_hash

    if status is None:
        received = _day(rng, date(YEARS[0], 1, 2), TODAY - timedelta(days=1))
        status = "closed" if (TODAY - received).days > 45 else _weighted(rng, OPEN_STATES + [("closed", 10)])
    else:  # one recent case in each state, whatever the size
        received = TODAY - timedelta(days=rng.randrange(1, 15))
    kind = _weighted(rng, weights["kind"])
    name, id_number = _person(rng)
    online = rng.random() < 0.55
    year = received.year
    serials[year] = serials.get(year, 0) + 1
    due = writer.due(calendar, received, 20)
    case = {
        "id": writer.new_id(Application),
        "agency_id": cast.agency.pk,
        "year": year,
        "serial": serials[year],
        "number": format_number(prefix, year, serials[year]),
        "query_code": _query_code(code_no),
        "status": status,
        "channel": Application.Channel.ONLINE if online else rng.choice(["in_person", "post_signed", "post_ordinary"]),
        "applicant_type": kind,
        "name": name,
        "id_number": id_number,
        "phone": f"139{rng.randrange(10**7, 10**8)}",
        "org_name": ""
        if kind == weights["kind"][0][0]
        else f"{COUNTY}{rng.choice(['沙窝滩牧业有限公司', '滩羊产业协会', '律师事务所', '农林研究所'])}",
        "email": f"a{code_no}@example.org",
        "address": f"宁夏{COUNTY}",
        "postcode": "751500",
        "info_name": rng.choice(INFO_WANTED).format(y=rng.choice(YEARS[:2]), a=cast.agency.short_name),
        "delivery": rng.choice(["email", "paper", "pickup"]),
        "received_on": None if status == "submitted" else received,
        "due_date": None if status == "submitted" else due.date,
        "due_provisional": due.provisional,
        "applicant_key": keyed_hash(f"resident:{id_number}"),
        "submitted_at": _aware(received, 9),
        "outcome": "",
        "decided_on": None,
        "counted_outcome": "",
        "counted_on": None,
        "outcome_reason": "",
        "served_on": None,
        "served_method": "",
        "closed_on": None,
    }
    if status in ("decided", "served", "closed"):
        decided = min(received + timedelta(days=rng.randrange(2, 27)), TODAY)
        outcome = _weighted(rng, weights["outcome"])
        # as the services set them: the first decision is what the annual report counts
        case.update(outcome=outcome, decided_on=decided, counted_outcome=outcome, counted_on=decided)
        case["outcome_reason"] = "" if outcome == "granted" else "依据《中华人民共和国政府信息公开条例》作出答复。"
        if status in ("served", "closed"):
            case["served_on"], case["served_method"] = (
                min(decided + timedelta(days=rng.randrange(0, 4)), TODAY),
                "电子邮件",
            )
        if status == "closed":
            case["closed_on"] = min(case["served_on"] + timedelta(days=1), TODAY)
    return case


CASE_COLUMNS = (
    "id agency_id year serial number query_code status channel applicant_type name id_number phone org_name "
    "email address postcode info_name delivery received_on due_date due_provisional applicant_key submitted_at "
    "outcome decided_on counted_outcome counted_on outcome_reason served_on served_method closed_on"
)
_STATUS = {}


def _status(name):
    """{"status": name}, one dict per status (the events share it, and its stored form)."""
    return _STATUS.setdefault(name, {"status": name})


def _history(case, actor, events):
    """The events a case in its status has behind it, as the services write them."""
    steps = []
    online = case["channel"] == "online"
    if online:
        steps.append(("submitted", case["submitted_at"].date(), "", "submitted", None))
    if case["received_on"]:
        steps.append(("received", case["received_on"], "submitted" if online else "", "received", actor))
    if case["status"] in ("correction", "consulting", "fee", "reasons"):
        verb = {
            "correction": "correction_requested",
            "consulting": "consulted",
            "fee": "fee_notice",
            "reasons": "reasons_asked",
        }[case["status"]]
        steps.append((verb, case["received_on"] + timedelta(days=3), "received", case["status"], actor))
    if case["decided_on"]:
        steps.append(("decided", case["decided_on"], "received", "decided", actor))
    if case["served_on"]:
        steps.append(("served", case["served_on"], "decided", "served", actor))
    if case["closed_on"]:
        steps.append(("closed", case["closed_on"], "served", "closed", actor))
    for verb, on, before, after, who in steps:
        events.add(case["id"], who, verb, on, _aware(on, 11), _status(before) if before else {}, _status(after))


def make_applications(cast, count, rng, calendar, first_code, writer):
    """`count` applications of one agency received over YEARS, numbered on from the agency's
    serial counters (gap-free), with the events of their histories."""
    from gongkai.applications.models import Application, ApplicationSettings, CaseEvent, SerialCounter
    from gongkai.applications.services import settings_for

    settings = ApplicationSettings.objects.filter(agency=cast.agency).first() or settings_for(cast.agency)
    weights = {"outcome": _outcomes(), "kind": _applicant_types()}
    counters = SerialCounter.objects.filter(agency=cast.agency, kind="application")
    serials: dict[int, int] = dict(counters.values_list("year", "last"))
    names = CASE_COLUMNS.split()
    cases = writer.table(Application, names)
    events = writer.table(CaseEvent, "case_id actor_id verb on at before after")
    for k in range(count):
        status = EVERY_STATE[k] if k < len(EVERY_STATE) else None
        case = _case(rng, cast, serials, first_code + k, calendar, weights, settings.number_prefix, writer, status)
        cases.add(*(case[n] for n in names))
        _history(case, cast.people["ogi"].pk, events)
        writer.full()
    writer.flush()
    for year, last in sorted(serials.items()):
        SerialCounter.objects.update_or_create(
            agency=cast.agency, year=year, kind="application", defaults={"last": last}
        )
    return sorted(serials.items())


# ---- appeals and the registers of section 二 ----


def make_appeals(cast, count, rng):
    from gongkai.appeals.models import Appeal, AppealEvent

    appeals = []
    for k in range(count):
        filed = _day(rng, date(YEARS[0], 2, 1), TODAY - timedelta(days=1))
        kind = rng.choice([c for c, _l in Appeal.Kind.choices])
        decided = filed + timedelta(days=rng.randrange(20, 120))
        result = rng.choice([Appeal.Result.UPHELD, Appeal.Result.CORRECTED, Appeal.Result.OTHER, Appeal.Result.UPHELD])
        if decided > TODAY:
            decided, result = None, Appeal.Result.PENDING
        appeals.append(
            Appeal(
                agency=cast.agency,
                kind=kind,
                number=f"{COUNTY}复〔{filed.year}〕{k + 1}号",
                appellant=_person(rng)[0],
                body=f"{COUNTY}人民政府" if kind == Appeal.Kind.REVIEW else f"{COUNTY}人民法院",
                filed_on=filed,
                decided_on=decided,
                result=result,
                summary="不服政府信息公开答复。",
                created_at=_aware(filed),
            )
        )
    with stated_times(Appeal, "created_at"):
        Appeal.objects.bulk_create(appeals)
    AppealEvent.objects.bulk_create(
        [
            AppealEvent(
                appeal=a,
                actor=cast.people["ogi"],
                verb=AppealEvent.Kind.REGISTERED,
                at=_aware(a.filed_on),
                after={"result": a.result},
            )
            for a in appeals
        ]
    )


def make_registers(cast, rng):
    from gongkai.disclosure.models import (
        DecisionTally,
        FeeCollection,
        NormativeDocument,
        PowerKind,
        PowerListEntry,
        ProcurementProject,
    )

    docs, powers, tallies, fees, buys = [], [], [], [], []
    short = cast.agency.short_name
    for year in YEARS:
        for k in range(rng.randrange(1, 5)):
            made = _day(rng, date(year, 1, 5), min(date(year, 11, 30), TODAY))
            repealed = _day(rng, made, TODAY) if rng.random() < 0.1 else None
            docs.append(
                NormativeDocument(
                    agency=cast.agency,
                    kind=NormativeDocument.Kind.NORMATIVE,
                    doc_number=f"{short}发〔{year}〕{k + 1}号",
                    title=f"{short}关于{rng.choice(['规范', '加强', '做好'])}{rng.choice(['村务公开', '补贴发放', '低保管理'])}工作的通知",
                    made_on=made,
                    published_on=min(made + timedelta(days=rng.randrange(1, 15)), TODAY),
                    repealed_on=repealed,
                    validity="repealed" if repealed else "valid",
                )
            )
        for kind in (PowerKind.LICENSE, PowerKind.PENALTY, PowerKind.COERCION):
            for k in range(rng.randrange(2, 12)):
                powers.append(PowerListEntry(agency=cast.agency, year=year, kind=kind, name=f"{kind.label}事项{k + 1}"))
        for month in range(1, 13 if year < TODAY.year else TODAY.month):
            for kind in (PowerKind.LICENSE, PowerKind.PENALTY):
                tallies.append(
                    DecisionTally(agency=cast.agency, year=year, month=month, kind=kind, count=rng.randrange(0, 30))
                )
        if rng.random() < 0.3:
            fees.append(
                FeeCollection(
                    agency=cast.agency, year=year, name="不动产登记费", amount=Decimal(rng.randrange(1000, 90000))
                )
            )
        for k in range(rng.randrange(0, 4)):
            buys.append(
                ProcurementProject(
                    agency=cast.agency,
                    year=year,
                    name=f"{short}{year}年办公设备采购{k + 1}",
                    amount=Decimal(rng.randrange(50_000, 2_000_000)),
                )
            )
    for model, rows in (
        (NormativeDocument, docs),
        (PowerListEntry, powers),
        (FeeCollection, fees),
        (ProcurementProject, buys),
    ):
        model.objects.bulk_create(rows)
    # a month already tallied keeps its count (add_records may run twice on one agency)
    DecisionTally.objects.bulk_create(tallies, ignore_conflicts=True)


def publish_report(cast, year):
    """The report of `year` drafted, submitted and approved through the report services (the
    computed cells, the prefilled overview, and the two written sections)."""
    from gongkai.reports import services

    report = services.report_start(agency=cast.agency, actor=cast.people["ogi"], year=year, today=TODAY)
    services.report_save_texts(
        report=report,
        actor=cast.people["ogi"],
        overview=report.overview or f"{year}年，本机关认真贯彻《条例》。",
        problems="政务公开工作仍存在公开内容不够细、解读不够及时的问题，下一步将加强培训。",
        other="本年度未收取信息处理费。",
    )
    services.report_submit(report=report, actor=cast.people["ogi"])
    return services.report_approve(report=report, actor=cast.people["head"], on=date(year + 1, 1, 20))


def cast_of(agency, *, ogi, clerk, head=None):
    """A Cast for an agency made elsewhere (the tests' standard cast), to add generated records to."""
    from gongkai.accounts.models import Region
    from gongkai.disclosure.models import Category

    villages = list(Region.objects.filter(parent=agency.region, level=Region.Level.VILLAGE))
    hamlets = {v.pk: list(v.children.all()) or [v] for v in villages}
    return Cast(
        agency,
        {u.name: u for u in agency.units.all()},
        villages,
        hamlets,
        {c.slug: c for c in Category.objects.filter(agency=agency)},
        {"ogi": ogi, "clerk0": clerk, "head": head or ogi},
    )


def add_records(cast, *, items=0, applications=0, appeals=0, seed=SEED):
    """Add generated records to one agency (tests grow a list with this): items, applications with
    their histories, appeals and a year of registers."""
    from gongkai.applications.models import Application
    from gongkai.disclosure.demo import _channels
    from gongkai.workdays.selectors import work_calendar

    rng = random.Random(seed)
    calendar = work_calendar()
    writer = Writer()
    make_items(cast, items, rng, calendar, list(_channels().values()), writer)
    make_applications(cast, applications, rng, calendar, Application.objects.count() + seed * 1_000_003, writer)
    make_appeals(cast, appeals, rng)
    make_registers(cast, rng)


# ---- the whole data set ----


def _share(total, parts, k):
    """The k-th of `parts` near-equal shares of `total`."""
    return total // parts + (1 if k < total % parts else 0)


def _unsynced_sqlite():
    """On SQLite, no waiting for the disk at each commit and a larger page cache while generating
    (a data set that is lost in a crash is generated again; the app's own settings come back with
    the next connection)."""
    from django.db import connection

    if connection.vendor == "sqlite" and not connection.in_atomic_block:  # (not inside a test's transaction)
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous = OFF")
            cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MB


def _analyzed():
    """On PostgreSQL, VACUUM ANALYZE once the data is in: the planner's statistics, and the
    visibility map that lets the covering indexes answer without reading the tables (autovacuum
    would get there in its own time, in the middle of a benchmark)."""
    from django.db import connection

    if connection.vendor == "postgresql" and not connection.in_atomic_block:
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")


def _clock(started):
    """Wall time since `started` and this process's CPU time (the database server's is not in it)."""
    return f"{time.perf_counter() - started:.0f} s wall, {time.process_time():.0f} s CPU"


def generate(size_name, *, seed=SEED, out=print):
    """Fill the (empty) database with the data set of `size_name`; returns {what: count}."""
    from django.db import transaction

    from gongkai.disclosure.demo import _channels
    from gongkai.portal.search import engine
    from gongkai.workdays.models import CalendarYear
    from gongkai.workdays.selectors import work_calendar
    from gongkai.workdays.services import calendar_seed

    size = SIZES[size_name]
    rng = random.Random(seed)
    started = time.perf_counter()
    if not CalendarYear.objects.exists():
        calendar_seed()
    calendar = work_calendar()
    channels = list(_channels().values())
    _unsynced_sqlite()
    with transaction.atomic():
        casts = make_agencies(size, rng)
    code, writer = 0, Writer()
    for k, cast in enumerate(casts):
        with transaction.atomic():
            make_items(cast, _share(size.items, len(casts), k), rng, calendar, channels, writer)
            n_cases = _share(size.applications, len(casts), k)
            make_applications(cast, n_cases, rng, calendar, code, writer)
            code += n_cases
            make_appeals(cast, max(1, n_cases // 100), rng)
            make_registers(cast, rng)
        out(f"generate: agency {k + 1}/{len(casts)} {cast.agency.name} ({_clock(started)})")
    published = []
    for cast in casts[1 : 1 + size.reports] or casts[:1]:
        published.append(publish_report(cast, 2025))
    out(f"generate: records and reports in {_clock(started)}; indexing search")
    indexed = engine.build()  # the full-text index made once at the end (backends.writing_in_bulk)
    out(f"generate: {indexed} items indexed ({_clock(started)})")
    _analyzed()
    seconds = time.perf_counter() - started
    out(f"generate: {size_name} done, index built and analyzed ({_clock(started)})")
    return {
        "agencies": len(casts),
        "applications": size.applications,
        "items": size.items,
        "reports": len(published),
        "indexed": indexed,
        "seconds": seconds,
    }


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    import django

    django.setup()


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--size", choices=sorted(SIZES), default="S")
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    setup_django()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    generate(args.size, seed=args.seed)
    return 0


if __name__ == "__main__":
    sys.exit(main())
