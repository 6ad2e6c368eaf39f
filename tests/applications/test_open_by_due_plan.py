"""A supervisor's overdue list (todo.supervised_overdue: open cases of every agency below, oldest
deadline first, the first 50) is read in deadline order from an index of the open cases alone: at
1,000,000 cases PostgreSQL walked the due-date index past 955,000 closed cases first (9.8 s)."""

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bench.generate import add_records, cast_of
from gongkai.applications import todo
from gongkai.applications.deadlines import OPEN
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_overdue_cases_of_every_agency_are_read_from_the_index_of_open_cases(people, yanchi):
    from gongkai.disclosure.services import catalog_seed

    agency = factories.agency("town-due", short_name="新镇", supervisor=yanchi)
    factories.unit(agency, "党政办")
    catalog_seed(agency=agency)
    add_records(cast_of(agency, ogi=people["alice"], clerk=people["bob"]), applications=60)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE applications_application")
    with CaptureQueriesContext(connection) as captured:
        todo.supervised_overdue(people["erin"], date(2026, 11, 30))
    (sql,) = [q["sql"] for q in captured.captured_queries if '"applications_application"."due_date" ASC' in q["sql"]]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql)
        else:
            cursor.execute("EXPLAIN QUERY PLAN " + sql)
        plan = "\n".join(str(row[-1]) for row in cursor.fetchall())
    if connection.vendor == "postgresql":
        # on a table this small the planner may pick either index of the open cases (by deadline, or
        # by agency, status and deadline), as a scan or a bitmap: each reads open cases only
        assert "application_open_" in plan and "Seq Scan on applications_application" not in plan, plan
    else:  # SQLite reads the open cases by (agency, status, due date) and sorts them: no closed case read either
        assert "USING INDEX application_open_" in plan and "SCAN applications_application" not in plan, plan


def test_the_index_holds_exactly_the_open_statuses():
    from gongkai.applications.models import Application

    (index,) = [i for i in Application._meta.indexes if i.name == "application_open_by_due"]
    assert sorted(index.condition.children[0][1]) == sorted(OPEN)
