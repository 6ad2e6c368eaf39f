"""`gongkai report parse|check|render …` (the core CLI) and `gongkai report export`.

Exit codes are real process exit codes: 0 no error finding, 1 some error finding, 2 bad input.
"""

import argparse
import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext, gettext_lazy

from gongkai.accounts.models import Agency
from gongkai.core import cli as core_cli
from gongkai.reports import selectors

USAGE = gettext_lazy(
    "用法：gongkai report {parse,check,render,export} …；export 用法：gongkai report export --agency 标识 --year 年度 [--source records|published] [--json]"
)


class Command(BaseCommand):
    @property
    def help(self):
        # A property, so that argparse gets a str at call time (it cannot format a lazy string).
        return gettext("政府信息公开工作年度报告：parse / check / render（文件），export（由业务记录生成）")

    def run_from_argv(self, argv):
        # argv: [prog, "report", ...]; the arguments belong to the core CLI or to export.
        sys.exit(self.dispatch(argv[2:]))

    def add_arguments(self, parser):
        parser.add_argument("args", nargs=argparse.REMAINDER)

    def handle(self, *args, **options):
        """call_command("report", "export", "--agency", …): the same commands from Python; an exit
        code other than 0 is raised as CommandError carrying it."""
        code = self.dispatch(list(args))
        if code:
            raise CommandError(
                gettext("report %(command)s 结束，退出码 %(code)s")
                % {"command": args[0] if args else "", "code": code},
                returncode=code,
            )

    def dispatch(self, args):
        if args and args[0] == "export":
            return self.export(args[1:])
        if not args or args[0] in ("-h", "--help"):
            print(USAGE)
            print(self.help)
            return 0 if args else 2
        return core_cli.main(list(args))

    def export(self, args):
        parser = argparse.ArgumentParser(prog="gongkai report export", add_help=True)
        parser.add_argument("--agency", required=True)
        parser.add_argument("--year", required=True)
        parser.add_argument("--json", action="store_true")
        parser.add_argument(
            "--source",
            choices=["records", "published"],
            default=None,
            help=gettext("records：由业务记录计算；published：已发布的版本（默认：已发布则用已发布的版本）"),
        )
        try:
            opts = parser.parse_args(args)
        except SystemExit as exc:
            return 0 if exc.code == 0 else 2
        return export(
            agency_slug=opts.agency,
            year_text=opts.year,
            as_json=opts.json,
            source=opts.source,
            out=sys.stdout,
            err=sys.stderr,
        )


def export(*, agency_slug, year_text, as_json, out, err, source=None):
    agency = Agency.objects.filter(slug=agency_slug).first()
    if agency is None:
        known = "、".join(Agency.objects.order_by("slug").values_list("slug", flat=True)) or gettext("（无）")
        print(
            gettext("没有标识为“%(slug)s”的机关。已有的机关标识：%(known)s") % {"slug": agency_slug, "known": known},
            file=err,
        )
        return 2
    try:
        year = int(year_text)
    except ValueError:
        print(gettext("年度“%(year)s”不是四位数字年份") % {"year": year_text}, file=err)
        return 2
    if year < selectors.FIRST_YEAR:
        print(gettext("%(year)s 年早于全国年度报告格式（2019 年起），无法生成") % {"year": year}, file=err)
        return 2
    from django.utils import timezone

    if year > timezone.localdate().year:
        print(gettext("%(year)s 年尚未开始，无法生成年度报告") % {"year": year}, file=err)
        return 2
    try:
        value, used, version = selectors.export_from(agency=agency, year=year, source=source)
    except LookupError:
        print(
            gettext("%(agency)s %(year)s 年度报告尚未发布；可用 --source records 由业务记录生成")
            % {"agency": agency.name, "year": year},
            file=err,
        )
        return 2
    # Which report this is goes to stderr, so that stdout stays the report itself (JSON or text).
    if used == "published":
        print(
            gettext("已发布的版本：第 %(n)s 版，发布日期 %(on)s（--source records 由业务记录重新计算）")
            % {"n": version.number, "on": version.published_on or gettext("未知")},
            file=err,
        )
    else:
        print(gettext("由业务记录计算（--source published 输出已发布的版本）"), file=err)
    print(value.to_json() if as_json else core_cli.describe(value), file=out)
    return 1 if any(f.severity == "error" for f in value.findings) else 0
