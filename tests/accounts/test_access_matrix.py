"""The access matrix, generated from the URL configuration: every staff URL pattern is opened by
every role of 高沙窝镇 (own agency), by dave (another township's office), by erin (the county's
supervising office) and by an anonymous visitor, on 高沙窝镇's records.

Each URL name declares its rule next to its patterns (`ACCESS` in the app's urls.py). Someone the
rule refuses gets 403 (the anonymous visitor is sent to the login page) before anything is read
or written; someone it allows gets the page, a redirect or a form error — never 403, 404 or 500.
A staff URL without a declared rule fails the first test."""

from datetime import timedelta
from importlib import import_module
from urllib.parse import urlsplit

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.utils import timezone

from gongkai.accounts import permissions

pytestmark = pytest.mark.django_db

URLCONFS = {
    "": "gongkai.urls",
    "disclosure": "gongkai.disclosure.urls",
    "applications": "gongkai.applications.urls",
    "appeals": "gongkai.appeals.urls",
    "reports": "gongkai.reports.urls",
    "portal": "gongkai.portal.urls",
}
PERSONAS = ("bob", "heidi", "carol", "alice", "grace", "henry", "dave", "erin", None)


def declared_rules():
    rules = {}
    for namespace, module in URLCONFS.items():
        for name, rule in import_module(module).ACCESS.items():
            rules[f"{namespace}:{name}" if namespace else name] = rule
    return rules


def staff_patterns(resolver=None, prefix="", namespace=""):
    """(qualified URL name, route) of every pattern served under /staff/."""
    resolver = resolver or get_resolver()
    found = []
    for p in resolver.url_patterns:
        route = prefix + str(p.pattern)
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            found += staff_patterns(p, route, ns)
        elif isinstance(p, URLPattern) and route.lstrip("^").startswith("staff/"):
            found.append((f"{namespace}:{p.name}" if namespace else p.name, route))
    return found


def test_every_staff_url_declares_who_may_open_it():
    rules = declared_rules()
    patterns = staff_patterns()
    assert len(patterns) > 40
    missing = [route for name, route in patterns if name not in rules]
    assert not missing, f"staff URLs without a rule in their urls.py ACCESS: {missing}"
    names = {name for name, _route in patterns}
    assert not set(rules) - names, f"rules for URL names that do not exist: {set(rules) - names}"


# ---- the records the URLs are opened on: all 高沙窝镇's ------------------------------------


@pytest.fixture
def records(people, gaoshawo, settings, tmp_path):
    from gongkai.appeals.services import appeal_register
    from gongkai.applications.models import (
        ApplicantMessage,
        Attachment,
        ExtensionRequest,
        Letter,
        Notice,
        ReleasedFile,
    )
    from gongkai.applications.services import application_register
    from gongkai.accounts.models import Region
    from gongkai.core.report.formats import format_for_year
    from gongkai.disclosure.models import Category, Channel, ItemAttachment
    from gongkai.disclosure.services import catalog_seed, item_create
    from gongkai.portal.models import Feedback, OpenDay, OpenDayOpinion
    from gongkai.reports.services import report_start

    settings.MEDIA_ROOT, settings.PRIVATE_MEDIA_ROOT = tmp_path / "media", tmp_path / "private"
    alice, today = people["alice"], timezone.localdate()
    catalog_seed(agency=gaoshawo)
    item = item_create(
        actor=people["bob"],
        agency=gaoshawo,
        channels=[Channel.objects.get(code="website")],
        category=Category.objects.get(agency=gaoshawo, slug="temporary-relief"),
        unit=gaoshawo.units.get(name="民生保障服务中心"),
        title="临时救助对象名单公示",
        body="<p>现予公示。</p>",
        formed_on=today,
    )
    item_attachment = ItemAttachment(
        item=item,
        name="名单.pdf",
        kind=ItemAttachment.Kind.PDF,
        mime="application/pdf",
        size=8,
        uploaded_by=people["bob"],
    )
    item_attachment.file.save("list.pdf", ContentFile(b"%PDF-1.4"), save=False)
    item_attachment.save()
    case = application_register(
        agency=gaoshawo,
        actor=alice,
        channel="in_person",
        received_on=today,
        fields={
            "applicant_type": "natural",
            "name": "马文华",
            "id_type": "resident",
            "id_number": "64032319900101123X",
            "phone": "13912345678",
            "email": "ma@example.org",
            "address": "宁夏盐池县高沙窝镇长流墩村",
            "info_name": "农村低保对象名单",
            "info_description": "长流墩村低保对象名单",
            "delivery": "email",
        },
    )
    letter = Letter.objects.create(
        case=case, kind="decision", number="高政公开〔2026〕1号", title="答复书", body="答复。", issued_on=today
    )
    attachment = Attachment(case=case, original_name="身份证.png", content_type="image/png", size=8)
    attachment.file.save("id.png", ContentFile(b"\x89PNG\r\n\x1a\n"), save=False)
    attachment.save()
    appeal = appeal_register(
        agency=gaoshawo,
        actor=alice,
        kind="review",
        appellant="张某",
        body="盐池县人民政府",
        filed_on=today,
        number="盐政复〔2026〕1号",
    )
    report = report_start(agency=gaoshawo, actor=alice, year=today.year)
    table = format_for_year(report.year).table("applications")
    other = next(t for t in format_for_year(report.year).tables if t.code not in ("applications", "appeals"))
    start = timezone.now() + timedelta(days=30)
    open_day = OpenDay.objects.create(
        agency=gaoshawo,
        title="政府开放日",
        plan="参观",
        starts_at=start,
        ends_at=start + timedelta(hours=2),
        place="镇政府",
        capacity=20,
        registration_closes_at=start - timedelta(days=1),
    )
    released = ReleasedFile(case=case, original_name="名单.pdf", content_type="application/pdf", size=8)
    released.file.save("released.pdf", ContentFile(b"%PDF-1.4"), save=False)
    released.save()
    from gongkai.reports.models import BulkCheck

    return {
        "bulk_check": BulkCheck.objects.create(created_by=alice, state=BulkCheck.State.DONE),
        "released": released,
        "extension": ExtensionRequest.objects.create(
            case=case, days=10, reason="需要调取档案", asked_by=alice, asked_on=today
        ),
        "notice": Notice.objects.create(
            case=case,
            channel=Notice.Channel.values[0],
            kind="receipt",
            to="ma@example.org",
            subject="申请已提交",
            body="您的申请已提交。",
            next_attempt_at=timezone.now(),
        ),
        "message": ApplicantMessage.objects.create(case=case, body="请问进度如何？"),
        "item": item,
        "item_attachment": item_attachment,
        "case": case,
        "letter": letter,
        "attachment": attachment,
        "appeal": appeal,
        "report": report,
        "open_day": open_day,
        "cell": ("applications", table.row_codes[0], table.column_codes[0]),
        "disclosure_cell": (other.code, other.row_codes[0], other.column_codes[0]),
        "opinion": OpenDayOpinion.objects.create(open_day=open_day, content="希望多办"),
        "feedback": Feedback.objects.create(agency=gaoshawo, item=item, rating=5, comment="好"),
        "village": Region.objects.filter(level=Region.Level.VILLAGE, parent=gaoshawo.region).first(),
    }


def targets(name, r):
    """[(path, method, action)] to open URL `name` with: GET for pages, POST (with no data) for
    forms that only accept POST; one per action for URLs whose actions are transitions."""
    from gongkai.disclosure import views as disclosure_views
    from gongkai.applications import views as application_views

    slug, year = "gaoshawo", r["report"].year
    on_agency = f"?agency={slug}"
    report = [slug, year]
    simple = {
        "staff-home": ([], "GET"),
        "deadline-calculator": ([], "GET"),
        "disclosure:items": ([], "GET", on_agency),
        "disclosure:item-new": ([], "GET", on_agency),
        "disclosure:item": ([r["item"].pk], "GET"),
        "disclosure:item-edit": ([r["item"].pk], "GET"),
        "disclosure:attachment": ([r["item_attachment"].pk], "GET"),
        "disclosure:catalog": ([], "GET", on_agency),
        "disclosure:tally-import": ([], "GET", on_agency),
        "disclosure:register": (["normative"], "GET", on_agency),
        "disclosure:boards": ([], "GET", on_agency),
        "applications:list": ([], "GET"),
        "applications:new": ([], "GET"),
        "applications:case": ([r["case"].pk], "GET"),
        "applications:reveal": ([r["case"].pk], "POST"),
        "applications:released": ([r["case"].pk, r["released"].pk], "GET"),
        "applications:extension-decide": ([r["case"].pk, r["extension"].pk], "POST"),
        "applications:notice-retry": ([r["case"].pk, r["notice"].pk], "POST"),
        "applications:message-handled": ([r["case"].pk, r["message"].pk], "POST"),
        "applications:sign-off": ([r["letter"].pk], "GET"),
        "applications:receipt": ([r["case"].pk, "pdf"], "GET"),
        "applications:letter": ([r["case"].pk, r["letter"].pk, "pdf"], "GET"),
        "applications:attachment": ([r["case"].pk, r["attachment"].pk], "GET"),
        "appeals:index": ([], "GET"),
        "appeals:list": ([slug], "GET"),
        "appeals:new": ([slug], "GET"),
        "appeals:detail": ([slug, r["appeal"].pk], "GET"),
        "appeals:edit": ([slug, r["appeal"].pk], "GET"),
        "reports:staff-index": ([], "GET"),
        "reports:staff-list": ([slug], "GET"),
        "reports:start": ([slug], "POST"),
        "reports:import": ([slug], "POST"),
        "reports:staff-detail": (report, "GET"),
        "reports:texts": (report, "POST"),
        "reports:submit": (report, "POST"),
        "reports:approve": (report, "POST"),
        "reports:send-back": (report, "POST"),
        "reports:correction": (report, "POST"),
        "reports:compare": (report, "GET"),
        "reports:cell": (report + list(r["cell"]), "GET"),
        "reports:override": (report + list(r["cell"]), "GET"),
        "reports:override-remove": (report + list(r["cell"]), "POST"),
        "reports:supervise": ([], "GET"),
        "reports:supervise-xlsx": ([], "GET"),
        "reports:bulk-check": ([], "GET"),
        "reports:bulk-check-detail": ([r["bulk_check"].pk], "GET"),
        "reports:bulk-check-xlsx": ([r["bulk_check"].pk], "GET"),
        "portal:staff-feedback": ([], "GET"),
        "portal:staff-feedback-moderate": ([r["feedback"].pk], "POST"),
        "portal:staff-open-days": ([], "GET"),
        "portal:staff-openday-new": ([], "GET"),
        "portal:staff-openday": ([r["open_day"].pk], "GET"),
        "portal:staff-opinion-answer": ([r["opinion"].pk], "POST"),
    }
    transitions = {
        "disclosure:item-action": (r["item"], disclosure_views.STEPS),
        "applications:act": (r["case"], application_views.STEPS),
    }
    if name in transitions:
        obj, steps = transitions[name]
        return [(reverse(name, args=[obj.pk, action]), "POST", action) for action in steps]
    if name == "reports:cell":
        return [(reverse(name, args=report + list(r[cell])), "GET", None) for cell in ("cell", "disclosure_cell")]
    args, method, *query = simple[name]
    return [(reverse(name, args=args) + "".join(query), method, None)]


def expected_allowed(user, rule, name, r, action, path):
    """Does the declared rule let `user` through on 高沙窝镇's records?"""
    from gongkai.applications.transitions import TRANSITIONS as APPLICATION
    from gongkai.disclosure.services import TRANSITIONS as ITEM
    from gongkai.reports.services import TRANSITIONS as REPORT

    gaoshawo = r["report"].agency
    if callable(rule):
        rule = rule(**resolve(urlsplit(path).path).kwargs)
    if rule == "login":
        return True
    if rule.startswith("owner:"):
        owner = r["bulk_check"].created_by
        return user == owner and permissions.may_somewhere(user, rule.split(":", 1)[1])
    if rule.startswith("somewhere:"):
        return permissions.may_somewhere(user, rule.split(":", 1)[1])
    if rule == "transition":
        machine, obj = {"disclosure:item-action": (ITEM, r["item"]), "applications:act": (APPLICATION, r["case"])}.get(
            name, (REPORT, r["report"])
        )
        action = action or {"reports:send-back": "send_back", "reports:correction": "correct"}.get(
            name, name.split(":")[1]
        )
        return machine.permitted(user, obj, action)
    unit = r["item"].unit if rule in permissions.UNIT_BOUND else None
    return permissions.can(user, rule, gaoshawo, unit)


def test_the_access_matrix(people, records):
    rules = declared_rules()
    wrong, seen = [], 0
    for name, _route in staff_patterns():
        for path, method, action in targets(name, records):
            for username in PERSONAS:
                user = people[username] if username else AnonymousUser()
                client = Client()
                if username:
                    client.force_login(user)
                allowed = expected_allowed(user, rules[name], name, records, action, path)
                with transaction.atomic():
                    response = client.post(path) if method == "POST" else client.get(path)
                    transaction.set_rollback(True)
                seen += 1
                status = response.status_code
                if username is None:
                    ok = status == 302 and "/accounts/login/" in response["Location"]
                elif allowed:
                    ok = status in (200, 302, 400)
                else:
                    ok = status == 403
                if not ok:
                    wrong.append(
                        f"{username or 'anonymous'} {method} {path}: {status}, "
                        f"expected {'allowed' if allowed else 'refused'} by {rules[name]!r}"
                    )
    assert seen > 400
    assert not wrong, "\n".join(wrong)


def test_erin_sees_the_drill_down_of_every_agency_she_supervises(client, people, records):
    """The county supervisor opens the applications cell of 高沙窝镇's report (as she opens its
    application list); dave, another township's office, opens neither."""
    args = ["gaoshawo", records["report"].year, *records["cell"]]
    client.force_login(people["erin"])
    assert client.get(reverse("applications:list") + "?agency=gaoshawo").status_code == 200
    r = client.get(reverse("reports:cell", args=args))
    assert r.status_code == 200 and records["case"].number in r.content.decode()
    client.force_login(people["dave"])
    assert client.get(reverse("reports:cell", args=args)).status_code == 403
    assert client.get(reverse("applications:list") + "?agency=gaoshawo").status_code == 403
