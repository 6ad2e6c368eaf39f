"""Every date box of the project shows its date: a browser's date input takes YYYY-MM-DD only,
and the Chinese locale would render 2026/03/02, which the browser shows as an empty box (so the
stored or default date is lost on the next save)."""

import importlib
import pkgutil
from datetime import date, datetime

import pytest
from django import forms
from django.utils import translation

import gongkai
from gongkai import widgets
from gongkai.appeals import services
from gongkai.appeals.models import Appeal
from tests.browser import chromium_page, login


def project_forms():
    for module in pkgutil.walk_packages(gongkai.__path__, "gongkai."):
        if module.name.rsplit(".", 1)[-1] in {"forms", "views", "staff_views", "kiosk"}:
            importlib.import_module(module.name)
    seen, todo = [], [forms.BaseForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        if cls.__module__.startswith("gongkai.") and ".admin" not in cls.__module__:
            seen.append(cls)
    return seen


def test_every_date_field_of_every_form_uses_the_iso_date_box():
    wrong = []
    for form in project_forms():
        for name, field in getattr(form, "base_fields", {}).items():
            if isinstance(field, forms.DateTimeField) and not isinstance(field.widget, widgets.DateTimeInput):
                wrong.append(f"{form.__module__}.{form.__name__}.{name}")
            elif isinstance(field, forms.DateField) and not isinstance(field.widget, widgets.DateInput):
                wrong.append(f"{form.__module__}.{form.__name__}.{name}")
    assert len(project_forms()) > 20
    assert wrong == []


def test_the_boxes_render_in_the_format_the_browser_reads():
    with translation.override("zh-hans"):
        assert 'value="2026-03-02"' in widgets.DateInput().render("d", date(2026, 3, 2))
        assert 'type="date"' in widgets.DateInput().render("d", date(2026, 3, 2))
        moment = widgets.DateTimeInput().render("t", datetime(2026, 3, 2, 9, 30))
        assert 'value="2026-03-02T09:30"' in moment and 'type="datetime-local"' in moment


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_alice_opens_an_appeal_to_correct_it_and_its_filing_date_is_in_the_box(live_server, people, gaoshawo):
    appeal = services.appeal_register(
        agency=gaoshawo,
        actor=people["alice"],
        kind=Appeal.Kind.REVIEW,
        appellant="张某",
        body="盐池县人民政府",
        filed_on=date(2026, 3, 2),
        number="盐政复〔2026〕1号",
    )
    with chromium_page() as page:
        login(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/staff/appeals/{gaoshawo.slug}/{appeal.pk}/edit/")
        assert page.locator("#id_filed_on").input_value() == "2026-03-02"
        page.fill("#id_summary", "不服答复。")
        page.click("main form button[type=submit]")
        page.wait_for_load_state()
    appeal.refresh_from_db()
    assert appeal.filed_on == date(2026, 3, 2) and appeal.summary == "不服答复。"
