import pytest

from gongkai.accounts.models import Agency


@pytest.fixture
def gaoshawo(people):
    return Agency.objects.get(slug="gaoshawo")


@pytest.fixture
def dashuikeng(people):
    return Agency.objects.get(slug="dashuikeng")
