"""The registers behind 第二十条: saving records and importing monthly decision tallies.

A tally file (CSV or Excel) has the columns 年度, 月份, 类型, 数量 (a header row first). Every row is
checked before anything is written; one bad row blocks the whole import and is named by its row
number, so an office never ends up with half a year imported.
"""

import csv
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gongkai.accounts.permissions import require
from gongkai.audit.events import changes, record_event
from gongkai.audit.yearlock import ensure_record_open, ensure_years_open
from gongkai.core.encodings import decode

from .models import DecisionTally, FeeCollection, NormativeDocument, PowerKind, PowerListEntry, ProcurementProject

HEADERS = {
    "年度": "year",
    "年份": "year",
    "year": "year",
    "月份": "month",
    "月": "month",
    "month": "month",
    "类型": "kind",
    "kind": "kind",
    "数量": "count",
    "处理决定数量": "count",
    "count": "count",
}
KIND_NAMES = {str(k.label): k.value for k in DecisionTally.KINDS} | {k.value: k.value for k in DecisionTally.KINDS}
KIND_NAMES |= {"许可": PowerKind.LICENSE.value, "处罚": PowerKind.PENALTY.value, "强制": PowerKind.COERCION.value}
MAX_ROWS = 2000


def _kind_choices() -> str:
    """行政许可、其他对外管理服务事项、行政处罚或行政强制: the kinds a tally may have."""
    labels = [str(k.label) for k in DecisionTally.KINDS]
    return "、".join(labels[:-1]) + _("或") + labels[-1]


# ---- which report years a register record counts in (registered with the year lock) ----


def _year(record) -> set[int]:
    return {record.year} if isinstance(record.year, int) else set()


def _power_years(record) -> set[int]:
    """A 权责清单 entry of year Y is also 上一年项目数量 in Y+1."""
    return {y for year in _year(record) for y in (year, year + 1)}


def _normative_years(record) -> set[int]:
    """A 规范性文件 stays in the 对外公开总数量 / 现行有效件数 of every year from its first date on."""
    dates = [d for d in (record.made_on, record.published_on, record.repealed_on) if d]
    if not dates:
        return set()
    return set(range(min(d.year for d in dates), timezone.localdate().year + 1))


YEARS_OF = {
    NormativeDocument: _normative_years,
    PowerListEntry: _power_years,
    DecisionTally: _year,
    FeeCollection: _year,
    ProcurementProject: _year,
}


class TallyFileError(ValueError):
    """The file as a whole cannot be read; the message says what to fix."""


@dataclass
class TallyRow:
    line: int
    year: int | None = None
    month: int | None = None
    kind: str = ""
    count: int | None = None
    errors: list = field(default_factory=list)

    @property
    def kind_label(self):
        return str(PowerKind(self.kind).label) if self.kind in PowerKind.values else ""

    def as_dict(self):
        return {"year": self.year, "month": self.month, "kind": self.kind, "count": self.count}


def read_table(name: str, content: bytes) -> list[list]:
    """Rows of cells from a .csv (UTF-8 or GB18030/GBK) or .xlsx file."""
    lower = (name or "").lower()
    if lower.endswith(".xlsx"):
        try:
            import openpyxl

            book = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
            sheet = book.worksheets[0]
            return [list(r) for r in sheet.iter_rows(values_only=True)]
        except Exception as exc:
            raise TallyFileError(_("无法读取该 Excel 文件，请确认是 .xlsx 格式。")) from exc
    if lower.endswith(".csv") or lower.endswith(".txt"):
        text = decode(content)
        if text is None:
            raise TallyFileError(_("无法识别 CSV 文件的编码，请另存为 UTF-8 编码。"))
        try:
            return [row for row in csv.reader(io.StringIO(text, newline=""))]
        except csv.Error as exc:
            raise TallyFileError(_("CSV 文件格式有误：%(err)s") % {"err": exc}) from exc
    raise TallyFileError(_("只能导入 .xlsx 或 .csv 文件。"))


# A month's decisions of one kind: far beyond any real agency, within what the register holds.
MAX_COUNT = 10**7
INTEGER = re.compile(r"-?[0-9]{1,15}")
# Full-width digits and minus, as typed in a Chinese spreadsheet; not NFKC, which would also turn
# a footnote mark "²" into a 2.
FULL_WIDTH = str.maketrans({**{chr(0xFF10 + i): str(i) for i in range(10)}, "－": "-"})


def _int(value, label, row, low=None, high=None):
    text = ("" if value is None else str(value)).translate(FULL_WIDTH).strip()
    if text.endswith(".0"):
        text = text[:-2]
    if not INTEGER.fullmatch(text):
        row.errors.append(_("%(label)s“%(value)s”不是整数") % {"label": label, "value": text})
        return None
    number = int(text)
    if (low is not None and number < low) or (high is not None and number > high):
        row.errors.append(_("%(label)s %(value)s 超出范围") % {"label": label, "value": number})
        return None
    return number


def parse_tallies(name: str, content: bytes) -> list[TallyRow]:
    """Every data row, each with its errors (empty when good)."""
    table = [r for r in read_table(name, content) if any(str(c or "").strip() for c in r)]
    if not table:
        raise TallyFileError(_("文件中没有任何数据。"))
    header = [HEADERS.get(str(c or "").strip()) for c in table[0]]
    missing = [
        label
        for key, label in (("year", "年度"), ("month", "月份"), ("kind", "类型"), ("count", "数量"))
        if key not in header
    ]
    if missing:
        raise TallyFileError(_("第 1 行应为表头：年度、月份、类型、数量；缺少：%(m)s。") % {"m": "、".join(missing)})
    if len(table) - 1 > MAX_ROWS:
        raise TallyFileError(_("一次最多导入 %(n)s 行。") % {"n": MAX_ROWS})
    rows, seen = [], {}
    for line, cells in enumerate(table[1:], start=2):
        values = {key: cells[i] if i < len(cells) else None for i, key in enumerate(header) if key}
        row = TallyRow(line=line)
        row.year = _int(values["year"], _("年度"), row, 2000, 2100)
        row.month = _int(values["month"], _("月份"), row, 1, 12)
        kind_text = str(values["kind"] or "").strip()
        row.kind = KIND_NAMES.get(kind_text, "")
        if not row.kind:
            row.errors.append(_("类型“%(k)s”无法识别，应为%(kinds)s") % {"k": kind_text, "kinds": _kind_choices()})
        row.count = _int(values["count"], _("数量"), row, 0, MAX_COUNT)
        key = (row.year, row.month, row.kind)
        if not row.errors and key in seen:
            row.errors.append(_("与第 %(n)s 行重复（同一年度、月份、类型）") % {"n": seen[key]})
        seen.setdefault(key, line)
        rows.append(row)
    return rows


@transaction.atomic
def tallies_import(*, actor, agency, rows: list[dict]) -> int:
    """Write checked tally rows (replacing the same month and type). All or nothing."""
    require(actor, "register.edit", agency)
    ensure_years_open(agency, {row["year"] for row in rows})  # a published year is locked
    replaced = []
    for i, row in enumerate(rows, start=2):
        tally, _created = DecisionTally.objects.get_or_create(
            agency=agency,
            year=row["year"],
            month=row["month"],
            kind=row["kind"],
            defaults={"count": row["count"], "entered_by": actor},
        )
        if not _created:
            replaced.append({**row, "count": tally.count})
        tally.count, tally.entered_by = row["count"], actor
        try:
            tally.full_clean()
        except ValidationError as exc:
            raise ValidationError(_("第 %(n)s 行：%(e)s") % {"n": i, "e": "；".join(exc.messages)}) from exc
        tally.save()
    record_event(
        obj=agency,
        actor=actor,
        verb="tallies.imported",
        object_type="disclosure.decisiontally",
        before={"rows": replaced},
        after={"rows": rows},
    )
    return len(rows)


@transaction.atomic
def register_record_save(*, actor, record):
    """Save a register record (规范性文件, 权责清单事项, 处理决定数量, 收费, 采购) of its agency."""
    require(actor, "register.edit", record.agency)
    record.full_clean()
    ensure_record_open(record)  # a published year is locked
    stored = type(record).objects.filter(pk=record.pk).first() if record.pk else None
    before, after = changes(stored, record)
    record.save()
    record_event(
        obj=record, actor=actor, verb="register.updated" if stored else "register.created", before=before, after=after
    )
    return record


@transaction.atomic
def register_record_delete(*, actor, record):
    require(actor, "register.edit", record.agency)
    ensure_record_open(record)  # a published year is locked
    record_event(obj=record, actor=actor, verb="register.deleted", before=changes(None, record)[1])
    record.delete()
