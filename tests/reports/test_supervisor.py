"""The supervising office's whole view: the county government in the roll-up, read-only pages of
every township, and the townships' overdue work in erin's 我的待办."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from gongkai.accounts.models import Agency
from gongkai.disclosure.models import Category, Item

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalog(gaoshawo):
    from gongkai.disclosure.services import catalog_seed

    catalog_seed(agency=gaoshawo)
    return gaoshawo


def test_the_county_government_is_a_row_of_the_roll_up(client, people):
    client.force_login(people["erin"])
    body = client.get(reverse("reports:supervise"), {"year": 2025}).content.decode()
    assert "盐池县人民政府" in body and "高沙窝镇人民政府" in body


def test_erin_reads_a_townships_items_registers_and_applications_but_changes_nothing(client, people, catalog):
    item = Item.objects.create(
        agency=catalog,
        unit=catalog.units.get(name="民生保障服务中心"),
        category=Category.objects.get(agency=catalog, slug="temporary-relief"),
        title="高沙窝镇临时救助公示",
        formed_on=date(2026, 3, 2),
    )
    client.force_login(people["erin"])
    body = client.get(reverse("disclosure:items"), {"agency": "gaoshawo"}).content.decode()
    assert "高沙窝镇临时救助公示" in body and "起草政府信息" not in body
    assert client.get(reverse("disclosure:item", args=[item.pk])).status_code == 200
    assert client.get(reverse("disclosure:register", args=["normative"]), {"agency": "gaoshawo"}).status_code == 200
    assert client.get(reverse("applications:list"), {"agency": "gaoshawo"}).status_code == 200
    assert client.get(reverse("disclosure:item-new"), {"agency": "gaoshawo"}).status_code == 403
    r = client.post(reverse("disclosure:item-new") + "?agency=gaoshawo", {"title": "x"})
    assert r.status_code == 403 and not Item.objects.filter(title="x").exists()


@time_machine.travel("2026-11-30 10:00 +0800", tick=False)
def test_erins_todo_lists_overdue_applications_items_and_late_reports(client, people, catalog):
    from gongkai.applications.services import application_register
    from tests.applications.conftest import applicant

    application_register(
        agency=catalog,
        actor=people["alice"],
        fields=applicant(info_name="九月的申请"),
        channel="in_person",
        received_on=date(2026, 9, 1),
    )
    Item.objects.create(
        agency=catalog,
        unit=catalog.units.get(name="民生保障服务中心"),
        category=Category.objects.get(agency=catalog, slug="temporary-relief"),
        title="迟迟未公开的救助名单",
        formed_on=date(2026, 3, 2),
        due_on=date(2026, 3, 30),
    )
    client.force_login(people["erin"])
    body = client.get("/staff/").content.decode()
    assert "下级机关逾期未答复的申请（1 件）" in body
    assert "下级机关逾期未公开的信息（1 条）" in body and "迟迟未公开的救助名单" in body
    assert "下级机关逾期未发布的年度报告" in body
    for agency in Agency.objects.filter(slug__in=["yanchi", "gaoshawo", "dashuikeng", "wanglejing"]):
        assert f"{agency.short_name} 2025 年度报告逾期未发布" in body


def test_the_excel_roll_up_is_one_sheet_per_national_table_with_agencies_as_rows(client, people, gaoshawo):
    import io

    import openpyxl

    from gongkai.core.report.formats import format_for_year

    client.force_login(people["erin"])
    r = client.get(reverse("reports:supervise-xlsx"), {"year": 2025})
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    spec = format_for_year(2025)
    assert len(wb.sheetnames) == 1 + len(spec.tables)
    sheet = wb[[n for n in wb.sheetnames if n.startswith("applications")][0]]
    table = spec.table("applications")
    assert sheet.cell(2, 2).value == "·".join([*table.rows[0].groups, table.rows[0].label])
    assert sheet.cell(3, 2).value == table.columns[0].label
    assert sheet.max_column == 1 + len(table.rows) * len(table.columns)
    names = [sheet.cell(row, 1).value for row in range(4, sheet.max_row + 1)]
    assert names[-1] == "合计" and "盐池县人民政府" in names and "高沙窝镇人民政府" in names
    assert sheet.freeze_panes == "B4" and sheet.column_dimensions["A"].width >= 20
    assert sheet.cell(4, 2).number_format == "#,##0"
    money = wb[[n for n in wb.sheetnames if n.startswith("20.8")][0]]
    assert money.cell(4, 2).number_format == "#,##0.00"


def test_a_drill_down_row_links_to_its_case(client, people, gaoshawo):
    from gongkai.applications.services import application_register
    from tests.applications.conftest import applicant

    case = application_register(
        agency=gaoshawo, actor=people["alice"], fields=applicant(), channel="in_person", received_on=date(2025, 9, 1)
    )
    client.force_login(people["erin"])
    body = client.get(reverse("reports:cell", args=["gaoshawo", 2025, "applications", "new", "total"])).content.decode()
    assert f'<a href="{reverse("applications:case", args=[case.pk])}">{case.number}</a>' in body
    assert client.get(reverse("applications:case", args=[case.pk])).status_code == 200
