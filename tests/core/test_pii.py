from gongkai.core.pii import (
    BANK_CARD,
    ID_NUMBER,
    MOBILE,
    find_personal_data,
    id_check_digit,
    is_id_number,
    luhn_valid,
    mask,
)


def kinds(text):
    return [(f.kind, f.value) for f in find_personal_data(text)]


def test_it_finds_an_id_number_with_a_valid_check_digit():
    assert kinds("身份证号：11010519491231002X。") == [(ID_NUMBER, "11010519491231002X")]
    assert kinds("身份证号：110105194912310021。") == []  # wrong check digit


def test_the_check_digit_follows_gb_11643():
    assert id_check_digit("11010519491231002") == "X"
    assert is_id_number("11010519491231002x")


def test_it_finds_mobile_numbers_but_not_landlines_or_longer_numbers():
    assert kinds("联系电话 13912345678 或 0953-6088001") == [(MOBILE, "13912345678")]
    assert kinds("编号 213912345678") == []
    assert kinds("12345678901") == []


def test_it_finds_luhn_valid_bank_cards_even_in_groups():
    assert luhn_valid("4111111111111111") and not luhn_valid("4111111111111112")
    card = "4111111111111111"
    assert kinds(f"补贴发放至卡号{card}") == [(BANK_CARD, card)]
    assert kinds("卡号 4111 1111 1111 1111 已核实") == [(BANK_CARD, "4111 1111 1111 1111")]
    assert kinds("卡号 4111111111111112") == []


def test_an_id_number_is_not_also_reported_as_a_card_or_a_phone():
    number = "64032319900101123" + id_check_digit("64032319900101123")
    assert kinds(f"身份证 {number}") == [(ID_NUMBER, number)]


def test_ordinary_notice_text_has_no_findings():
    text = "高沙窝镇2020年临时救助对象名单公示：共 12 户，救助金额 24000 元，盐政办发〔2020〕43号。"
    assert find_personal_data(text) == []


def test_masking_keeps_only_the_ends():
    assert mask("11010519491231002X") == "110***********002X"
    assert mask("13912345678") == "139****5678"


def test_inside_cells_run_together_it_finds_the_id_number_and_the_mobile_next_to_it():
    assert kinds("张某某64032319850506123613912345678450") == [
        (ID_NUMBER, "640323198505061236"),
        (MOBILE, "13912345678"),
    ]
    assert kinds("李某某11010519491231002X13912345678 1200") == [
        (ID_NUMBER, "11010519491231002X"),
        (MOBILE, "13912345678"),
    ]
    assert kinds("王某某13912345678450") == [(MOBILE, "13912345678")]


def test_a_run_of_statistics_is_not_mistaken_for_an_id_number():
    # a row of table 三 run together; an 18-digit window with a valid check digit but no birth date
    assert kinds("一、本年新收政府信息公开申请数量80100008100000000220000022") == []
    assert kinds("合计" + "9" * 17 + id_check_digit("9" * 17) + "00") == []


def test_findings_carry_their_page():
    from gongkai.core.pii import find_in_pages

    found = find_in_pages(["第一页没有", "张某某64032319850506123613912345678450"])
    assert [(f.kind, f.page) for f in found] == [(ID_NUMBER, 2), (MOBILE, 2)]
