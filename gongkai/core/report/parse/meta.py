"""Agency and year of a report from the best evidence available, in this order:

1. the title line in the body (also "2019年度…", or a title split over lines: 某某区 / 2019年 /
   政府信息公开工作年度报告);
2. the page's <title> (or its ArticleTitle meta), with the site name after _ - | cut off;
3. the 发布机构 / 来源 / 发文机关 metadata of a portal page (a table or "发布机构：…" lines);
4. the signature at the end of the report (the agency's name above the date).

Page chrome — breadcrumbs, navigation, share buttons, font-size switches, footers — is never
part of a name: such lines are dropped before anything is read (see `is_chrome`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..labels import squash
from .lines import Line

_REPORT = r"政府信息公开(?:工作)?年度?(?:工作)?报告"
_YEAR = r"((?:19|20)\d\d)\s*年度?"
# the title's year, then words, then the report words; or words, the year, the report words
_YEAR_FIRST = re.compile(rf"{_YEAR}([^\d，。,：:；;>›»|/]{{0,40}}?){_REPORT}")
_NAME_FIRST = re.compile(rf"([^\d，。,：:；;《》>›»|/]{{2,40}}?){_YEAR}{_REPORT}")
_HAS_REPORT = re.compile(_REPORT)
_PERIOD = re.compile(r"((?:19|20)\d\d)年1月1日")
_DATE = re.compile(r"^((?:19|20)\d\d)\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$|^(?:19|20)\d\d[-/.]\d{1,2}[-/.]\d{1,2}$")
_PUBLISHER = re.compile(r"(发布机构|发布单位|发文机关|发文单位|信息来源|来源)\s*+[:：]\s*+([^\s:：|｜]{2,30})")
_PUBLISHER_LABELS = ("发布机构", "发布单位", "发文机关", "发文单位", "信息来源", "来源")
# words a breadcrumb or a CMS label leaves in front of a title
_LEADING = re.compile(
    r"^(?:正文|标题|附件\d*|当前位置|您的位置|您当前的位置|首页|网站首页|政府信息公开"
    r"|信息公开|政务公开|政府信息公开年报|政府信息公开年度报告|年度报告|年报|公开年报)+"
)
_AGENCY_END = re.compile(r"(人民政府|政府|办公厅|办公室|办事处|委员会|局|厅|委|署|院|中心|镇|乡|街道|区|县|市)$")
_CHROME = re.compile(
    r"^(?:当前位置|您的位置|您当前的位置|所在位置|位置)\s*[:：]"
    r"|^首页\s*[>›»/]|[>›»]\s*(?:正文|详情|内容)\s*$"
    r"|^[【\[]?\s*字\s*[体号]\s*[:：]?\s*[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中"
    r"|^[【\[]?\s*大\s*[】\]]?\s*[【\[]?\s*中\s*[】\]]?\s*[【\[]?\s*小\s*[】\]]?$"
    r"|^分享到|^[【\[]?\s*(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[】\]]?(?:\s+[【\[]?\s*"
    r"(?:打印本页|打印|关闭窗口|关闭|收藏|返回顶部)\s*[】\]]?)*$"
    r"|版权所有|^主办单位\s*[:：]|^承办单位\s*[:：]|网站标识码|ICP备|公网安备|^网站地图|^联系我们$|^扫一扫"
    r"|^(?:浏览次数|访问量|阅读次数)\s*[:：]"
)


def is_chrome(text: str) -> bool:
    """A line of page chrome (breadcrumb, font-size switch, share or print buttons, footer)."""
    text = text.strip()
    return len(text) <= 120 and bool(_CHROME.search(text))


@dataclass
class PageMeta:
    """What a web page says about itself outside the body."""

    title: str = ""  # <title>, or the ArticleTitle meta
    source: str = ""  # the ContentSource meta


def clean_agency(name: str) -> str:
    """An agency name without breadcrumb words, brackets or a trailing 关于."""
    name = re.split(r"[>›»|/｜]", name)[-1]
    name = _LEADING.sub("", name)
    name = re.sub(r"关于$", "", name)
    return name.strip("“”\"'《》()（）[]【】 ")


def title_in(text: str) -> tuple[str, int] | None:
    """(agency or "", year) of a title, e.g. 某某区2019年度政府信息公开工作年度报告."""
    flat = squash(text)
    named = _NAME_FIRST.search(flat)
    if named:
        agency = clean_agency(named.group(1))
        if agency:
            return agency, int(named.group(2))
    first = _YEAR_FIRST.search(flat)
    if first:
        return clean_agency(first.group(2)), int(first.group(1))
    if named:
        return "", int(named.group(2))
    return None


def page_title(title: str) -> tuple[str, int] | None:
    """The report title from a <title>: the part naming the report, site names cut off."""
    parts = [p for p in re.split(r"\s*[_|｜]\s*|\s+[-—–]+\s+|[-—–]{1,2}(?=[^\d])", title) if p.strip()]
    for part in parts:
        found = title_in(part)
        if found:
            return found
    return None


def body_title(lines: list[Line], stop: int) -> tuple[str, int] | None:
    """The title of the body, before the first heading, maybe split over a few lines (also in
    the middle of its words: 2025年上海市人民政府办公厅政府信息公开 / 工作年度报告)."""
    head = [
        squash(ln.text).lstrip("#") for ln in lines[: max(stop, 1)][:40] if not re.match(r"^(SOURCE|FORMAT):", ln.text)
    ]
    ends, total = [], 0
    for text in head:
        total += len(text)
        ends.append(total)
    joined = "".join(head)
    for m in _HAS_REPORT.finditer(joined):
        first = next(i for i, e in enumerate(ends) if e > m.start())
        last = next(i for i, e in enumerate(ends) if e >= m.end())
        # up to two short lines before it belong to a title split over elements
        start = first
        while (
            start > first - 2
            and start > 0
            and len(head[start - 1]) <= 30
            and not head[start - 1].endswith(("。", "；", "：", ":"))
        ):
            start -= 1
        found = None
        for k in range(start, first + 1):
            found = title_in("".join(head[k : last + 1]))
            if found and found[0]:
                return found
        if found:
            return found
    return None


def publisher(lines: list[Line]) -> str:
    """The 发布机构 / 来源 / 发文机关 of a portal page's metadata table or lines."""
    for ln in lines[:80]:
        if ln.cells is not None:
            cells = [c.strip() for c in ln.cells]
            for k, cell in enumerate(cells):
                label = re.sub(r"[\s:：]", "", cell)
                if label in _PUBLISHER_LABELS:
                    value = next((c for c in cells[k + 1 :] if c), "")
                    if value and re.sub(r"[\s:：]", "", value) not in _PUBLISHER_LABELS:
                        return clean_agency(value)
        m = _PUBLISHER.search(ln.text)
        if m:
            return clean_agency(m.group(2))
    return ""


def signature(lines: list[Line]) -> str:
    """The agency's name signed above (or beside) the date at the end of the report."""
    tail = [ln.text.strip() for ln in lines[-12:] if ln.text.strip()]
    for k in range(len(tail) - 1, 0, -1):
        if _DATE.match(squash(tail[k])):
            name = squash(tail[k - 1])
            if 2 <= len(name) <= 30 and _AGENCY_END.search(name) and not re.search(r"[，。；]", name):
                return clean_agency(name)
    return ""


def find_title(lines: list[Line], stop: int, meta: PageMeta | None = None) -> tuple[str, int | None]:
    """Agency and year, each from the best evidence that has it."""
    agency, year = "", None
    found = body_title(lines, stop)
    if found:
        agency, year = found
    if meta is not None and meta.title and (not agency or year is None):
        from_page = page_title(meta.title)
        if from_page:
            agency = agency or from_page[0]
            year = year if year is not None else from_page[1]
    if not agency and meta is not None and meta.source:
        agency = clean_agency(meta.source)
    if not agency:
        agency = publisher(lines)
    if not agency:
        agency = signature(lines)
    if year is None:
        period = _PERIOD.search("".join(squash(ln.text) for ln in lines[:60]))
        year = int(period.group(1)) if period else None
    return agency, year
