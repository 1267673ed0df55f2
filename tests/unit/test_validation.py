"""Citizen ID, phone, text folding: the checks a clerk sees beside the field."""

from __future__ import annotations

import datetime as dt

import pytest

from app.services.text import clean, fold
from app.services.validation import normalize_phone, parse_citizen_id


def test_valid_12_digit_id_decodes_province_sex_and_year():
    cid = parse_citizen_id("001 190 012345")
    assert (cid.kind, cid.number, cid.province, cid.sex, cid.birth_year) == ("cccd", "001190012345", "Hà Nội", "f", 1990)
    assert cid.national_kind == 1
    born_2000s = parse_citizen_id("079305001234")
    assert (born_2000s.sex, born_2000s.birth_year) == ("f", 2005)
    assert parse_citizen_id("038200001111").sex == "m"


@pytest.mark.parametrize(
    ("number", "fragment"),
    [
        ("00119001234", "12 chữ số"),
        ("0011900123456", "12 chữ số"),
        ("003190012345", "mã tỉnh"),  # 003 is not a province code
        ("00119001234a", "chỉ gồm chữ số"),
        ("001290012345", "chưa tới"),  # born 2090
    ],
)
def test_bad_ids_say_what_to_fix(number, fragment):
    with pytest.raises(ValueError, match=fragment):
        parse_citizen_id(number)


def test_id_must_agree_with_birth_date_and_sex():
    with pytest.raises(ValueError, match="năm sinh 1990"):
        parse_citizen_id("001190012345", birth_date=dt.date(1991, 3, 1))
    with pytest.raises(ValueError, match="giới tính nữ"):
        parse_citizen_id("001190012345", sex="m")
    assert parse_citizen_id("001190012345", birth_date=dt.date(1990, 3, 1), sex="f").number == "001190012345"


def test_no_invented_checksum_any_random_tail_is_accepted():
    for tail in ("000000", "999999", "123457", "314159"):
        assert parse_citizen_id(f"036085{tail}").birth_year == 1985


def test_old_9_digit_id_is_its_own_kind():
    cid = parse_citizen_id("123456789")
    assert cid.kind == "cmnd" and cid.national_kind == 2
    with pytest.raises(ValueError, match="9 chữ số"):
        parse_citizen_id("12345678", kind="cmnd")
    assert parse_citizen_id("B1234567", kind="other").kind == "other"


@pytest.mark.parametrize("raw", ["0912345678", "+84912345678", "84912345678", "+84 912 345 678", "0912.345.678"])
def test_phone_forms_are_the_same_number(raw):
    assert normalize_phone(raw) == "0912345678"


@pytest.mark.parametrize("raw", ["12345", "+1 202 555 0100", "09123456789012", "09a2345678"])
def test_bad_phones(raw):
    with pytest.raises(ValueError):
        normalize_phone(raw)


def test_fold_removes_marks_and_d_stroke():
    assert fold("Đặng Thị Ngọc Ánh") == "dang thi ngoc anh"
    assert fold("  NGUYỄN   Văn  Đức ") == "nguyen van duc"
    assert fold("Thôn Đồng Tâm, xã Hòa Bình") == "thon dong tam xa hoa binh"
    # Decomposed input (NFD, as some keyboards send it) folds the same way.
    import unicodedata

    assert fold(unicodedata.normalize("NFD", "Đặng Ánh")) == "dang anh"


def test_clean_normalises_to_nfc_and_drops_control_characters():
    import unicodedata

    nfd = unicodedata.normalize("NFD", "Nguyễn")
    assert clean(f"  {nfd}\x00\x07  Văn\u200b ") == "Nguyễn Văn"
    assert unicodedata.is_normalized("NFC", clean(nfd))
