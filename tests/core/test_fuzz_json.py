"""The JSON importer (Report.from_json, used by the report import and the bulk check) under
damaged JSON: a real report's JSON with any part replaced by any JSON value. It gives a report
that validates and writes back out, or refuses with a message; never another exception."""

import json
import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.core.report import UnreadableReport, parse_text
from gongkai.core.report.model import Report
from gongkai.core.report.validate import validate

SCALE = int(os.environ.get("GONGKAI_FUZZ_SCALE", "1"))  # `make bench` runs the long version
CORPUS = Path(__file__).resolve().parent.parent / "fixtures" / "corpus"
BASE = json.loads(parse_text((CORPUS / "gaoshawo-2020.txt").read_text()).to_json())

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)


def paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for k, v in value.items():
            yield from paths(v, (*prefix, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from paths(v, (*prefix, i))


ALL_PATHS = list(paths(BASE))


def replaced(document, path, value):
    document = json.loads(json.dumps(document))
    if not path:
        return value
    target = document
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return document


def read_or_refuse(text):
    try:
        report = Report.from_json(text)
    except UnreadableReport as exc:
        assert exc.message
        return None
    validate(report)
    assert Report.from_json(report.to_json()).to_json() == report.to_json()
    return report


@settings(deadline=None, max_examples=150 * SCALE)
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), JSON_VALUES), min_size=1, max_size=3))
def test_a_damaged_report_json_is_read_or_refused_cleanly(changes):
    document = BASE
    for path, value in changes:
        try:
            document = replaced(document, path, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier change removed this path
    read_or_refuse(json.dumps(document))


@settings(deadline=None, max_examples=100 * SCALE)
@given(st.text(max_size=500) | st.sampled_from(['{"format": "2019", "year": 1e400, "tables": {}}', "NaN", "[" * 5000]))
def test_any_text_is_read_or_refused_cleanly(text):
    read_or_refuse(text)
