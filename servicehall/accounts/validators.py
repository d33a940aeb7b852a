"""Password rules worded in Chinese (密码规则): Django's own checks, their messages translated
where Django's zh-hans catalogue leaves the plural form in English."""

from __future__ import annotations

from django.contrib.auth import password_validation


class MinimumLengthValidator(password_validation.MinimumLengthValidator):
    """At least ``min_length`` characters (密码最短长度)."""

    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符。"

    def get_help_text(self) -> str:
        return f"密码至少需要 {self.min_length} 个字符。"
