"""The report core needs nothing from Django: these tests run with or without pytest-django."""

from pathlib import Path

import pytest

CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"


@pytest.fixture
def corpus():
    return CORPUS
