"""The error pages: in Chinese, in the site's layout, saying why and what to do. Under /api/ the
same errors are JSON ({"detail": …}), as the API's own errors are."""

import logging
import re

from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext as _

log = logging.getLogger(__name__)
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _reason(exception, default):
    """The exception's own message when it is one of ours (written in Chinese for the person);
    Django's technical English ("No Agency matches the given query.") is not shown."""
    text = str(exception.args[0]) if exception is not None and getattr(exception, "args", None) else ""
    return text if CHINESE.search(text) else default


def _page(request, status, title, reason, advice):
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": reason}, status=status, json_dumps_params={"ensure_ascii": False})
    context = {"status": status, "title": title, "reason": reason, "advice": advice}
    try:
        body = loader.render_to_string("error.html", context, request)
    except Exception:  # the page must come out even when what broke is the database or a template
        log.exception("error page %s could not be rendered", status)
        body = (
            f'<!doctype html><html lang="zh-Hans"><meta charset="utf-8"><title>{title}</title>'
            f"<h1>{title}</h1><p>{reason}</p><p>{advice}</p></html>"
        )
    return HttpResponse(body, status=status)


def bad_request(request, exception=None):
    return _page(
        request,
        400,
        _("请求有误"),
        _reason(exception, _("地址或提交的内容有误，系统无法处理。")),
        _("请检查地址中的参数（如年度应为四位数字）后重试；从页面上的链接或表单进入通常不会出现这个问题。"),
    )


def permission_denied(request, exception=None):
    if request.user.is_authenticated:
        advice = _("如果您认为应当有权查看，请联系本机关的政府信息公开工作机构或系统管理员分配相应角色。")
    else:
        advice = _("工作人员请先登录；公众可以查看主动公开的政府信息，或在线提出政府信息公开申请。")
    return _page(
        request, 403, _("没有访问权限"), _reason(exception, _("您的账号没有查看此页面或执行此操作的权限。")), advice
    )


def page_not_found(request, exception=None):
    return _page(
        request,
        404,
        _("页面不存在"),
        _reason(exception, _("没有找到您要访问的页面，它可能已被撤回、更正或从未发布。")),
        _("请检查地址是否输入正确，或从首页、公开目录和站内搜索查找所需信息。"),
    )


def server_error(request):
    return _page(
        request,
        500,
        _("系统出错了"),
        _("处理您的请求时系统发生了错误，错误已记录，我们会尽快处理。"),
        _("请稍后再试。如果急需办理，请直接联系该机关的政府信息公开工作机构。"),
    )


def csrf_failure(request, reason=""):
    return _page(
        request,
        403,
        _("页面已过期"),
        _("表单的安全校验未通过：页面停留时间过长，或浏览器禁用了 Cookie。"),
        _("请返回上一页，刷新后重新填写并提交；如仍不成功，请允许本网站使用 Cookie。"),
    )
