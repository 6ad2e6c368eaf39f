"""What a case is filed under, read from the national format of section 三
(gongkai/core/report/formats.py): the applicant types (申请人情况) and the results a case can have.
Cases store the rows of the format in force (the finest grain); the statistics fold them into
the rows of the report's own format."""

from django.utils.translation import gettext_lazy as _

from gongkai.core.report import formats

NATURAL = formats.NATURAL
ABANDONED = formats.ABANDONED
FEE_LAPSED = formats.FEE_LAPSED
WITHDRAWN = formats.WITHDRAWN
UNREASONABLE = formats.UNREASONABLE
GRANTED = formats.GRANTED
PARTIAL = formats.PARTIAL


def applicant_types() -> list[tuple[str, str]]:
    """[(code, label)] of the applicant columns, 自然人 first."""
    return [(c.code, _(c.label)) for c in formats.applicant_columns()]


def outcomes() -> list[tuple[str, str]]:
    """[(code, label)] of every result a case can be filed under (第三十六条 and the others)."""
    return [(r.code, _(formats.outcome_label(r))) for r in formats.outcome_rows()]


# Model fields take the choices as they stand at import time (migrations compare them); forms and
# labels call the functions so they follow the declaration.
APPLICANT_TYPES = applicant_types()
OUTCOMES = outcomes()
OUTCOME_CODES = [code for code, _label in OUTCOMES]


def outcome_label(code: str) -> str:
    return str(dict(outcomes()).get(code, code))


def outcome_for(label: str) -> str:
    """The code of the result labelled `label` (不予公开：属于四类过程性信息); KeyError if none."""
    for code, text in outcomes():
        if str(text) == label:
            return code
    raise KeyError(label)


def result_rows(report_format: str) -> list[str]:
    """The result rows of section 三 in a format, （一）予以公开 to （六）其他处理."""
    return [r.code for r in formats.result_rows(formats.get_format(report_format))]
