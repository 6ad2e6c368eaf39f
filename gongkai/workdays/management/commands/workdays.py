from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from gongkai.core.workdays import CalendarFileError, parse_calendar_file

from gongkai.workdays.services import calendar_import_year, calendar_seed
from gongkai.workdays.selectors import work_calendar


def iso_date(text):
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(gettext("“%(text)s”不是 YYYY-MM-DD 格式的日期") % {"text": text}) from None


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return gettext("工作日计算与节假日安排：add / between / import / seed")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        add = sub.add_parser("add", help=gettext("某日之后第 N 个工作日（当日不计）"))
        add.add_argument("day")
        add.add_argument("n", type=int)
        add.add_argument("--explain", action="store_true")
        between = sub.add_parser("between", help=gettext("两个日期之间的工作日数"))
        between.add_argument("a")
        between.add_argument("b")
        imp = sub.add_parser("import", help=gettext("导入一年的节假日安排（日期,workday|holiday,名称）"))
        imp.add_argument("file")
        imp.add_argument("--year", type=int, required=True)
        imp.add_argument("--source", default="")
        sub.add_parser("seed", help=gettext("从 chinesecalendar 载入 2019–2026 年尚未录入的年份"))

    def handle(self, *args, action, **opts):
        getattr(self, f"do_{action}")(**opts)

    def do_add(self, day, n, explain, **_):
        if n < 0 or n > 3650:
            raise CommandError(gettext("工作日数应为 0 到 3650 之间的整数"))
        due = work_calendar().due(iso_date(day), n)
        self.stdout.write(due.date.isoformat())
        if due.provisional:
            years = gettext("、").join(str(y) for y in due.unknown_years)
            self.stdout.write(
                gettext("暂定：%(years)s 年的节假日安排尚未录入，按法定节日和周末推算") % {"years": years}
            )
        if explain:
            for line in due.explanation():
                self.stdout.write(line)

    def do_between(self, a, b, **_):
        cal, a, b = work_calendar(), iso_date(a), iso_date(b)
        self.stdout.write(str(cal.workdays_between(a, b)))
        if cal.is_provisional(a, b):
            self.stdout.write(gettext("暂定：所跨年份的节假日安排尚未全部录入，按法定节日和周末推算"))

    def do_import(self, file, year, source, **_):
        try:
            text = Path(file).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(
                gettext("无法读取文件 %(file)s：请提供 UTF-8 编码的 CSV 文本文件（%(error)s）")
                % {"file": file, "error": exc.__class__.__name__}
            ) from None
        try:
            count = calendar_import_year(year=year, days=parse_calendar_file(text), source=source or Path(file).name)
        except CalendarFileError as exc:
            raise CommandError(gettext("未导入任何数据。%(error)s") % {"error": exc}) from None
        self.stdout.write(gettext("已导入 %(year)s 年的 %(count)s 个特殊日期") % {"year": year, "count": count})

    def do_seed(self, **_):
        years = calendar_seed()
        self.stdout.write(
            gettext("已载入：%(years)s") % {"years": "、".join(map(str, years)) if years else gettext("无（均已录入）")}
        )
