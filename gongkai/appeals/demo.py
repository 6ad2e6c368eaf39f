"""A few 行政复议 / 行政诉讼 cases at 高沙窝镇 (idempotent: keyed by case number)."""

from datetime import date

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.accounts.models import Agency

from . import services
from .models import Appeal

K, R = Appeal.Kind, Appeal.Result

CASES = [
    # number, kind, appellant, body, filed, (result, decided) or None
    ("盐政复决〔2025〕7号", K.REVIEW, "马某", "盐池县人民政府", date(2025, 4, 14), (R.UPHELD, date(2025, 6, 10))),
    ("盐政复决〔2025〕19号", K.REVIEW, "杨某", "盐池县人民政府", date(2025, 9, 2), (R.OTHER, date(2025, 10, 20))),
    ("（2026）宁0323行初5号", K.LITIGATION_DIRECT, "李某", "盐池县人民法院", date(2026, 3, 9), None),
]


@transaction.atomic
def load():
    gaoshawo = Agency.objects.get(slug="gaoshawo")
    alice = get_user_model().objects.get(username="alice")
    for number, kind, appellant, body, filed, decision in CASES:
        if Appeal.objects.filter(agency=gaoshawo, number=number).exists():
            continue
        appeal = services.appeal_register(
            agency=gaoshawo,
            actor=alice,
            kind=kind,
            appellant=appellant,
            body=body,
            filed_on=filed,
            number=number,
            summary="申请人对本机关政府信息公开答复不服。",
        )
        if decision:
            services.appeal_decide(appeal=appeal, actor=alice, result=decision[0], decided_on=decision[1])
