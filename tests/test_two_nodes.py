"""Past one machine: two gunicorn nodes behind nginx (TLS on loopback) sharing one PostgreSQL, a
Redis cache and an S3-compatible object store (scripts/two_nodes.py). Whatever a person does
through one node, the other node sees; nothing counts twice or goes missing between them.

PostgreSQL only (`make test-postgres`, which CI runs): the nodes are separate processes that
share the test database, which an in-memory SQLite database cannot be."""

import re
import shutil
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.db import connection

from tests.clock import morning, python_at, test_today

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
from two_nodes import Cluster  # noqa: E402


# Our own throwaway certificate: not verified, on purpose.
pytestmark = [
    pytest.mark.nodes,
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]

RATE_LIMIT = 30  # applications per address and hour on the cluster (the rate-limit test's limit)
CORPUS = Path(__file__).resolve().parent / "fixtures" / "corpus"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def database_url():
    db = connection.settings_dict
    host = quote(db["HOST"] or "", safe="")
    auth = db["USER"] + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{host}{':' + str(db['PORT']) if db['PORT'] else ''}/{db['NAME']}"


@pytest.fixture(scope="module")
def cluster(django_db_setup, django_db_blocker):
    if connection.vendor != "postgresql":
        pytest.skip("two nodes share one PostgreSQL database: `make test-postgres` runs these")
    with django_db_blocker.unblock():
        url = database_url()
    # The nodes run on the tests' day (from 10:00 Beijing time on), like the test process.
    with Cluster(
        url,
        worker_node="B",
        python=python_at(when=morning(test_today())),
        env={
            "PORTAL_RATE_APPLICATION": str(RATE_LIMIT),
            # the portal's reads go through the replica router (here the replica is the primary)
            "DATABASE_REPLICA_URL": url,
        },
    ) as running:
        folder, processes = running.dir, [p for _, p, _ in running.processes]
        yield running
    # Stopped: every process it started has ended and its folder is gone.
    assert not folder.exists() and all(p.poll() is not None for p in processes)
    with django_db_blocker.unblock():
        from tests.applications.test_concurrency import wait_for_sessions_to_end

        wait_for_sessions_to_end()


@pytest.fixture(autouse=True)
def like_a_node(cluster, settings):
    """The test process writes what the nodes read: the same keys for applicants' personal data.
    Each test starts with nothing in the shared cache (the database is emptied by pytest)."""
    import redis

    settings.FIELD_ENCRYPTION_KEYS, settings.FIELD_HASH_KEY = [cluster.field_key], cluster.hash_key
    redis.Redis(port=cluster.redis_port).flushall()
    for node in ("A", "B"):  # the mail the nodes sent in earlier tests
        shutil.rmtree(cluster.mail_dir(node), ignore_errors=True)
    yield
    workers_idle()


def workers_idle(seconds=120):
    """Wait until the nodes' workers have finished every task the test queued (the notices of its
    applications): pytest empties the database after the test, and a worker whose task row
    vanishes under it stops for good, so the next test would wait for a worker that is gone."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + seconds
    while DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).exists():
        assert time.monotonic() < deadline, "the workers did not finish the test's tasks"
        time.sleep(0.5)


class Browser:
    """One person's browser: cookies kept across requests, CSRF token taken from each form."""

    def __init__(self, base):
        self.base = base
        self.session = requests.Session()

    def at(self, base):
        """The same browser (the same cookies) talking to another address."""
        other = Browser(base)
        other.session = self.session
        return other

    def get(self, path, **kwargs):
        # verify=False on each call: our own throwaway certificate (a session-wide setting would
        # lose to REQUESTS_CA_BUNDLE in the environment).
        return self.session.get(self.base + path, timeout=60, verify=False, **kwargs)

    def post(self, path, data=None, *, form=None, files=None):
        page = self.get(form or path).text
        token = CSRF.search(page)
        assert token, f"no form on {form or path}"
        # Django checks the Referer of an HTTPS form post: it must be this site.
        return self.session.post(
            self.base + path,
            data={**(data or {}), "csrfmiddlewaretoken": token.group(1)},
            files=files,
            headers={"Referer": self.base + (form or path)},
            timeout=60,
            verify=False,
            allow_redirects=False,
        )

    def login(self, username):
        from django.contrib.auth import get_user_model
        from django.contrib.auth.hashers import PBKDF2PasswordHasher

        # The tests' fast hasher (MD5) is not one the nodes accept: hash this person's password
        # with the nodes' default.
        hasher = PBKDF2PasswordHasher()
        password = hasher.encode(f"{username}-gongkai", hasher.salt())
        get_user_model().objects.filter(username=username).update(password=password)
        r = self.post("/accounts/login/", {"username": username, "password": f"{username}-gongkai"})
        assert r.status_code == 302, r.text[:500]
        return self


def applicant_form(**overrides):
    from tests.applications.conftest import applicant

    return {k: v for k, v in applicant(**overrides).items() if v is not None}


def test_a_login_on_node_a_holds_on_node_b(cluster, people):
    on_a = Browser(cluster.node_url["A"]).login("alice")
    on_b = on_a.at(cluster.node_url["B"])
    page = on_b.get("/staff/")
    assert (
        page.status_code == 200
        and "李爱丽" in page.text
        and page.headers["X-Upstream"].endswith(str(cluster.node_port["B"]))
    )
    # Through the balanced address the requests are spread over both nodes, all signed in.
    balanced = on_a.at(cluster.url)
    upstreams = {balanced.get("/staff/").headers["X-Upstream"] for _ in range(6)}
    assert len(upstreams) == 2
    # Signing out on B ends the session on A too.
    on_b.post("/accounts/logout/", form="/staff/")
    assert on_a.get("/staff/", allow_redirects=False).status_code == 302


def test_an_attachment_uploaded_through_a_is_downloaded_through_b_and_has_no_public_address(cluster, gaoshawo, people):
    from gongkai.applications.models import Application

    public = Browser(cluster.node_url["A"])
    r = public.post("/apply/gaoshawo/", applicant_form(), files=[("attachments", ("身份证.png", PNG, "image/png"))])
    assert r.status_code == 302, r.text[:500]
    case = Application.objects.get()
    attachment = case.attachments.get()
    # Kept in the shared object store, under the private prefix, not on either node's disk.
    s3 = cluster.s3_client()
    key = f"private/{attachment.file.name}"
    assert s3.get_object(Bucket=cluster.bucket, Key=key)["Body"].read() == PNG
    grants = s3.get_object_acl(Bucket=cluster.bucket, Key=key)["Grants"]
    assert not [g for g in grants if "AllUsers" in g["Grantee"].get("URI", "")]
    assert not [p for p in cluster.dir.rglob("*.png")]
    download = f"/staff/applications/{case.pk}/attachments/{attachment.pk}/"
    # The public has no way in on either node; the OGI office downloads it through node B.
    assert Browser(cluster.node_url["B"]).get(download, allow_redirects=False).status_code == 302
    alice = Browser(cluster.node_url["B"]).login("alice")
    page = alice.get(f"/staff/applications/{case.pk}/")
    assert download in page.text and "127.0.0.1:%d" % cluster.s3_port not in page.text
    r = alice.get(download)
    assert r.status_code == 200 and r.content == PNG
    assert Browser(cluster.node_url["A"]).login("dave").get(download).status_code == 403


def submit_many(base, count, threads=8):
    """`count` applications through the public form, `threads` browsers at a time; the status of each."""

    def one(_):
        browser = Browser(base)
        page = browser.get("/apply/gaoshawo/").text
        submission = re.search(r'name="submission" value="([0-9a-f-]{36})"', page)
        r = browser.post(
            "/apply/gaoshawo/",
            {**applicant_form(), "submission": submission.group(1) if submission else str(uuid.uuid4())},
        )
        return r.status_code, r.headers.get("X-Upstream")

    with ThreadPoolExecutor(threads) as pool:
        return list(pool.map(one, range(count)))


def test_applications_through_both_nodes_get_gap_free_unique_numbers(cluster, gaoshawo):
    from gongkai.applications.models import Application

    results = submit_many(cluster.url, 24)
    assert [status for status, _ in results] == [302] * 24
    assert len({upstream for _, upstream in results}) == 2  # both nodes filed some
    serials = sorted(Application.objects.values_list("serial", flat=True))
    assert serials == list(range(1, 25))
    assert Application.objects.values("number").distinct().count() == 24


def test_the_rate_limit_counts_every_attempt_across_nodes_and_workers(cluster, gaoshawo):
    """90 attempts from one address at once, spread over 2 nodes × 2 workers: exactly the limit
    gets through and every other one is refused (a cache's get-then-set lost some)."""
    from gongkai.portal.models import RateCount

    attempts = 3 * RATE_LIMIT

    def one(_):
        browser = Browser(cluster.url)
        return browser.post("/apply/gaoshawo/", {"name": ""}).status_code  # counted, then refused as incomplete

    with ThreadPoolExecutor(12) as pool:
        statuses = list(pool.map(one, range(attempts)))
    assert statuses.count(429) == attempts - RATE_LIMIT
    assert statuses.count(200) + statuses.count(400) == RATE_LIMIT
    assert list(RateCount.objects.values_list("count", flat=True)) == [attempts]


def mails_written(cluster):
    """Messages in the nodes' mail folders: Django's file backend writes the messages of one
    connection (one outbox run) into one file, each followed by a line of 79 dashes."""
    files = [p for node in ("A", "B") if cluster.mail_dir(node).exists() for p in cluster.mail_dir(node).iterdir()]
    return sum(p.read_text().count("\n" + "-" * 79 + "\n") for p in files)


def test_remind_on_both_nodes_at_once_sends_each_reminder_once(cluster, people, gaoshawo, clock):
    from gongkai.applications.models import Notice, Reminder
    from gongkai.applications.services import application_register

    from tests.applications.conftest import applicant

    for days in (40, 50, 60):  # received this long ago: past the 20 working days
        application_register(
            agency=gaoshawo,
            actor=people["alice"],
            fields=applicant(email="", phone="0953-6088001", delivery="pickup"),  # no receipt to send
            channel="in_person",
            received_on=clock.days_ago(days),
        )
    assert not Notice.objects.exists()  # the mails counted below are the reminders alone
    today = ["remind", "--today", clock.today.isoformat()]
    results = cluster.manage_at_once(today)
    assert [r.returncode for r in results] == [0, 0], [r.stderr for r in results]
    reminders = Reminder.objects.count()
    assert reminders == 3
    assert mails_written(cluster) == reminders
    assert Notice.objects.filter(state="sent").count() == reminders
    # Again on both: nothing new is queued or sent.
    cluster.manage_at_once(today)
    assert Reminder.objects.count() == reminders
    assert mails_written(cluster) == reminders


def test_a_bulk_check_uploaded_through_a_is_run_by_the_worker_on_b(cluster, people):
    erin = Browser(cluster.node_url["A"]).login("erin")
    report = (CORPUS / "gaoshawo-2020.txt").read_bytes()
    r = erin.post("/staff/supervise/check/", files=[("files", ("gaoshawo-2020.txt", report, "text/plain"))])
    assert r.status_code == 302, r.text[:500]
    page = r.headers["Location"]
    deadline = time.monotonic() + 90
    while "已完成" not in (body := erin.at(cluster.node_url["B"]).get(page).text):
        assert time.monotonic() < deadline, cluster.log_of("worker-B")
        time.sleep(0.5)
    assert "已检查 1 / 1 个文件" in body and "gaoshawo-2020.txt" in body
    # The upload was kept in the shared store only until it was checked.
    listed = cluster.s3_client().list_objects_v2(Bucket=cluster.bucket, Prefix="private/bulk/")
    assert listed.get("KeyCount", 0) == 0


def test_an_item_published_through_a_is_found_through_b(cluster, people, gaoshawo):
    from importlib import import_module

    from django.apps import apps

    from gongkai.disclosure import services
    from gongkai.disclosure.models import Category, Channel

    # A transactional test starts from an emptied database: put back the channels migrations seed.
    import_module("gongkai.disclosure.migrations.0001_initial").seed_channels(apps, None)
    services.catalog_seed(agency=gaoshawo)
    item = services.item_create(
        actor=people["bob"],
        agency=gaoshawo,
        channels=[Channel.objects.get(code="website")],
        category=Category.objects.get(agency=gaoshawo, slug="temporary-relief"),
        unit=gaoshawo.units.get(name="民生保障服务中心"),
        title="高沙窝镇跨节点检索测试临时救助名单公示",
        body="<p>经审核，以下对象符合临时救助条件，现予公示。</p>",
        formed_on=test_today(),
    )
    services.item_submit(actor=people["bob"], item=item)
    services.item_approve_unit(actor=people["heidi"], item=item)
    services.item_approve_leader(actor=people["carol"], item=item)
    on_b = Browser(cluster.node_url["B"])
    link = f"/gk/gaoshawo/items/{item.pk}/"
    assert link not in on_b.get("/search/", params={"q": "跨节点检索测试"}).text
    assert link not in on_b.get("/gk/gaoshawo/").text  # (a cached page must be invalidated on every node)

    checks = {
        f"secrecy_{k}": "on"
        for k in ("state_secret", "work_secret", "business_secret", "privacy", "process_info", "other_prohibited")
    }
    alice = Browser(cluster.node_url["A"]).login("alice")
    r = alice.post(f"/staff/disclosure/items/{item.pk}/publish/", checks, form=f"/staff/disclosure/items/{item.pk}/")
    assert r.status_code == 302, r.text[:500]
    assert link in on_b.get("/search/", params={"q": "跨节点检索测试"}).text
    assert link in on_b.get("/gk/gaoshawo/").text
