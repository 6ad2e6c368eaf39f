"""Password complexity for 等保 level 2: a mix of character classes, not only length."""

import string

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

CLASSES = (string.ascii_lowercase, string.ascii_uppercase, string.digits)


def character_classes(password):
    found = sum(any(c in chars for c in password) for chars in CLASSES)
    return found + any(not c.isalnum() for c in password)


class CharacterClassValidator:
    """At least three of: lower-case letters, capitals, digits, other characters."""

    minimum = 3

    def validate(self, password, user=None):
        if character_classes(password) < self.minimum:
            raise ValidationError(
                _("密码须包含小写字母、大写字母、数字、其他符号中的至少三类。"), code="password_too_simple"
            )

    def get_help_text(self):
        return _("密码须包含小写字母、大写字母、数字、其他符号中的至少三类。")
