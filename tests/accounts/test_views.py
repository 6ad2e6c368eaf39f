import os
import subprocess
import sys
from datetime import datetime

import pytest
from django.urls import reverse

from tests.clock import SHANGHAI

pytestmark = pytest.mark.django_db


def test_the_home_page_is_chinese(client, people):
    r = client.get("/")
    assert r.status_code == 200
    body = r.content.decode()
    assert '<html lang="zh-Hans">' in body
    assert "政府信息公开" in body and "高沙窝镇人民政府" in body


def test_staff_pages_need_a_login(client):
    r = client.get(reverse("staff-home"))
    assert r.status_code == 302 and reverse("login") in r["Location"]


def test_alice_logs_in_to_her_todo_list(client, people):
    r = client.post(reverse("login"), {"username": "alice", "password": "alice-gongkai"}, follow=True)
    assert r.status_code == 200
    body = r.content.decode()
    assert "我的待办" in body and "高沙窝镇人民政府" in body


def test_repeated_failures_lock_the_account(client, people, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "alice", "password": "wrong"})
    r = client.post(reverse("login"), {"username": "alice", "password": "alice-gongkai"})
    assert r.status_code == 429
    assert "锁定" in r.content.decode()


def test_demo_passwords_show_only_in_debug_mode(client, demo_people, settings):
    settings.DEBUG = True
    assert "alice-gongkai" in client.get(reverse("login")).content.decode()
    settings.DEBUG = False
    assert "alice-gongkai" not in client.get(reverse("login")).content.decode()


def test_the_deadline_calculator_explains_the_date(client, people):
    client.force_login(people["bob"])
    r = client.get(reverse("deadline-calculator"), {"start": "2026-09-28", "days": "20"})
    body = r.content.decode()
    assert 'id="due-date">2026-10-30<' in body
    assert "国庆节" in body and "调休上班" in body


def test_the_deadline_calculator_starts_from_todays_date_in_beijing(client, people, clock):
    # 07:30 in Beijing is still the evening before on the server's UTC clock.
    clock.move_to(datetime(2026, 12, 1, 7, 30, tzinfo=SHANGHAI))
    client.force_login(people["bob"])
    body = client.get(reverse("deadline-calculator")).content.decode()
    assert 'value="2026-12-01"' in body


def test_the_deadline_calculator_marks_a_provisional_date(client, people):
    client.force_login(people["bob"])
    body = client.get(reverse("deadline-calculator"), {"start": "2026-12-20", "days": "20"}).content.decode()
    assert "2027-01-18" in body and "暂定" in body  # 2027-01-01 (元旦) skipped


def test_the_deadline_calculator_rejects_a_bad_date(client, people):
    client.force_login(people["bob"])
    body = client.get(reverse("deadline-calculator"), {"start": "2026-02-30", "days": "x"}).content.decode()
    assert "请输入有效日期" in body and "请输入整数" in body


def test_check_deploy_is_clean_in_production():
    env = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DEBUG": "False",
        "SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
        "ALLOWED_HOSTS": "gongkai.example.org",
        "FIELD_ENCRYPTION_KEYS": "x0BnN0jHNmXJ1S3zKQ9c8E6yP4Q2r9uVfWlYtA7eIk8=",
        "FIELD_HASH_KEY": "another-long-random-production-secret-for-hashes",
    }
    r = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert r.returncode == 0, r.stdout + r.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "SECRET_KEY"}
    env["DEBUG"] = "False"
    r = subprocess.run([sys.executable, "manage.py", "check"], capture_output=True, text=True, env=env)
    assert r.returncode != 0 and "SECRET_KEY" in r.stderr


def test_names_are_in_chinese_order_without_a_space(people, client):
    alice = people["alice"]
    assert alice.get_full_name() == alice.last_name + alice.first_name and " " not in alice.get_full_name()
    client.force_login(alice)
    body = client.get("/staff/").content.decode()
    assert f"（{alice.last_name}{alice.first_name}）" in body


def test_the_deadline_calculator_shows_its_default_date_in_iso_form(people, client):
    import time_machine

    with time_machine.travel("2026-11-30 10:00 +0800", tick=False):
        client.force_login(people["alice"])
        body = client.get("/staff/deadline/").content.decode()
    assert 'value="2026-11-30"' in body
