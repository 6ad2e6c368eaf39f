import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z!]|javascript\s*:|on[a-z]+\s*=", re.IGNORECASE)


def no_markup(value):
    """Public forms take plain text: any HTML tag or script is refused with a message."""
    if value and _MARKUP.search(value):
        raise ValidationError(_("请只填写文字，不要包含网页代码或脚本（如 <script>）。"), code="markup")
