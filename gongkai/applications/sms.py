"""Text messages to applicants through a pluggable backend (settings.SMS_BACKEND).

The console backend (the default) writes each message to standard output, as Django's console
e-mail backend does with mail: a development server shows it in its terminal (a citizen's sign-up
code too), and nothing is sent. `AliyunBackend` sends through Alibaba Cloud's SMS service
(the optional dependency `gongkai[sms]`); README.md says how to configure it. A backend raises
SMSError when the provider did not accept the message: the outbox then retries it.
"""

import json
import sys

from django.conf import settings
from django.utils.module_loading import import_string


class SMSError(Exception):
    """The provider refused the message or could not be reached."""


class ConsoleBackend:
    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, *, number: str, text: str, params: dict) -> None:
        self.stream.write(f"SMS to {number}: {text}\n")
        self.stream.flush()


class AliyunBackend:
    """Alibaba Cloud SMS (短信服务, API 2017-05-25). The template (SMS_ALIYUN_TEMPLATE_CODE) must
    have the variables ${number} (the application number) and ${event} (what happened); the
    citizen accounts' verification template (SMS_ALIYUN_CODE_TEMPLATE_CODE) the variable ${code}."""

    def __init__(self):
        try:
            from alibabacloud_dysmsapi20170525.client import Client
            from alibabacloud_tea_openapi.models import Config
        except ImportError as exc:  # the optional dependency is missing: say how to install it
            raise SMSError("需要安装 gongkai[sms]（alibabacloud-dysmsapi20170525）才能通过阿里云发送短信") from exc
        self.client = Client(
            Config(
                access_key_id=settings.SMS_ALIYUN_ACCESS_KEY_ID,
                access_key_secret=settings.SMS_ALIYUN_ACCESS_KEY_SECRET,
                endpoint=settings.SMS_ALIYUN_ENDPOINT,
                protocol=settings.SMS_ALIYUN_PROTOCOL,
                connect_timeout=5000,
                read_timeout=10000,
            )
        )

    @staticmethod
    def template(params: dict) -> str:
        """A verification code has its own template (the provider reviews each template's use)."""
        return settings.SMS_ALIYUN_CODE_TEMPLATE_CODE if "code" in params else settings.SMS_ALIYUN_TEMPLATE_CODE

    def send(self, *, number: str, text: str, params: dict) -> None:
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        request = SendSmsRequest(
            phone_numbers=number,
            sign_name=settings.SMS_ALIYUN_SIGN_NAME,
            template_code=self.template(params),
            template_param=json.dumps(params, ensure_ascii=False),
        )
        try:
            response = self.client.send_sms(request)
        except Exception as exc:  # the SDK raises its own exception types for network and API errors
            raise SMSError(str(exc)[:500]) from exc
        body = response.body
        if getattr(body, "code", None) != "OK":
            raise SMSError(f"{getattr(body, 'code', '')} {getattr(body, 'message', '')}".strip())


def backend():
    return import_string(settings.SMS_BACKEND)()
