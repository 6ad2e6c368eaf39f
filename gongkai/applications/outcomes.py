"""The national table of section 三 (国办公开办函〔2021〕30号), as data: applicant columns and the
leaf rows an application's outcome is filed under. Cases store the 2021 leaf codes; the 2019
format folds （六）1–3 into one row `other`."""

from django.utils.translation import gettext_lazy as _

# Applicant columns (申请人情况).
NATURAL = "natural"
APPLICANT_TYPES = [
    (NATURAL, _("自然人")),
    ("commercial", _("商业企业")),
    ("research", _("科研机构")),
    ("social", _("社会公益组织")),
    ("legal", _("法律服务机构")),
    ("other", _("其他")),
]
COLUMNS = [code for code, _label in APPLICANT_TYPES] + ["total"]

# 第三十六条 answers and the other results, one leaf row each (2021 codes).
OUTCOMES = [
    ("granted", _("予以公开")),
    ("partial", _("部分公开")),
    ("refused.1", _("不予公开：属于国家秘密")),
    ("refused.2", _("不予公开：其他法律行政法规禁止公开")),
    ("refused.3", _("不予公开：危及“三安全一稳定”")),
    ("refused.4", _("不予公开：保护第三方合法权益")),
    ("refused.5", _("不予公开：属于三类内部事务信息")),
    ("refused.6", _("不予公开：属于四类过程性信息")),
    ("refused.7", _("不予公开：属于行政执法案卷")),
    ("refused.8", _("不予公开：属于行政查询事项")),
    ("unable.1", _("无法提供：本机关不掌握相关政府信息")),
    ("unable.2", _("无法提供：没有现成信息需要另行制作")),
    ("unable.3", _("无法提供：补正后申请内容仍不明确")),
    ("not_handled.1", _("不予处理：信访举报投诉类申请")),
    ("not_handled.2", _("不予处理：重复申请")),
    ("not_handled.3", _("不予处理：要求提供公开出版物")),
    ("not_handled.4", _("不予处理：无正当理由大量反复申请")),
    ("not_handled.5", _("不予处理：要求行政机关确认或重新出具已获取信息")),
    ("other.1", _("其他处理：申请人无正当理由逾期不补正")),
    ("other.2", _("其他处理：申请人逾期未按收费通知要求缴纳费用")),
    ("other.3", _("其他处理：其他")),
]
OUTCOME_CODES = [code for code, _label in OUTCOMES]
RESULT_ROWS_2021 = OUTCOME_CODES
RESULT_ROWS_2019 = [c for c in OUTCOME_CODES if not c.startswith("other.")] + ["other"]
ROWS_2021 = ["new", "carried_over", *RESULT_ROWS_2021, "total", "carried_forward"]
ROWS_2019 = ["new", "carried_over", *RESULT_ROWS_2019, "total", "carried_forward"]

# Which answer letter (答复告知书) each outcome gets: the kind of answer of 第三十六条.
ABANDONED = "other.1"
FEE_LAPSED = "other.2"
UNREASONABLE = "not_handled.4"


def row_2019(code: str) -> str:
    return "other" if code.startswith("other.") else code


def result_rows(report_format: str) -> list[str]:
    return RESULT_ROWS_2019 if report_format == "2019" else RESULT_ROWS_2021


def rows(report_format: str) -> list[str]:
    return ROWS_2019 if report_format == "2019" else ROWS_2021


def leaf_codes(row: str) -> list[str]:
    """The stored outcome codes behind a result row of either format."""
    if row == "other":
        return ["other.1", "other.2", "other.3"]
    return [row]


def outcome_label(code: str) -> str:
    return str(dict(OUTCOMES).get(code, code))
