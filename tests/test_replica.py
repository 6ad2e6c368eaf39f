"""With a read replica (DATABASE_REPLICA_URL), only the anonymous public's GETs of the portal and
the API read from it; staff, applicants, form posts and writes stay on the primary.
(tests/test_two_nodes.py runs the nodes with a replica configured, end to end.)"""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import RequestFactory

from gongkai.disclosure.models import Item
from gongkai.replica import REPLICA, PublicReadsMiddleware, ReplicaRouter

router = ReplicaRouter()


def read_during(method, path, user=None):
    """Where the ORM would read an item while the request is being answered."""
    request = getattr(RequestFactory(), method)(path)
    request.user = user or AnonymousUser()
    return PublicReadsMiddleware(lambda r: router.db_for_read(Item))(request)


@pytest.mark.parametrize(
    "path", ["/", "/gk/gaoshawo/", "/gk/gaoshawo/items/3/", "/search/?q=补贴", "/api/items", "/kiosk/gaoshawo/"]
)
def test_the_public_reads_the_portal_and_the_api_from_the_replica(path):
    assert read_during("get", path) == REPLICA
    assert read_during("head", path) == REPLICA


@pytest.mark.parametrize(
    "path", ["/staff/", "/staff/applications/", "/apply/receipt/7/", "/apply/my/7/", "/accounts/login/", "/admin/"]
)
def test_staff_and_applicant_pages_read_from_the_primary(path):
    assert read_during("get", path) is None


@pytest.mark.django_db
def test_form_posts_signed_in_people_and_writes_stay_on_the_primary(people):
    assert read_during("post", "/gk/gaoshawo/items/3/feedback/") is None
    assert read_during("get", "/gk/gaoshawo/", user=people["alice"]) is None
    assert router.db_for_write(Item) is None
    assert router.db_for_read(Item) is None  # outside a request
    assert not router.allow_migrate(REPLICA, "disclosure") and router.allow_migrate("default", "disclosure")
