from decimal import Decimal

import cn2an
import pytest
from hypothesis import given
from hypothesis import strategies as st

from eduplan.extract.numbers import normalise_decimal, parse_number


@pytest.mark.parametrize("text, value", [
    ("98.7", "98.7"), ("1,234", "1234"), ("三万", "30000"), ("二十", "20"), ("百", "100"), ("两", "2"),
    ("一千五百", "1500"), ("0", "0"),
])
def test_parse_number(text, value):
    assert parse_number(text) == Decimal(value)


@pytest.mark.parametrize("text", ["", "abc", "五G", "1.2.3"])
def test_not_numbers(text):
    assert parse_number(text) is None


@given(st.integers(min_value=0, max_value=99_999_999))
def test_chinese_numeral_round_trip(n):
    assert parse_number(cn2an.an2cn(n)) == n


def test_normalise_decimal_keeps_written_precision():
    assert str(normalise_decimal(Decimal("87.30"))) == "87.3"
    assert str(normalise_decimal(Decimal("30000.0"))) == "30000"
    assert str(normalise_decimal(Decimal("4.7") * 10000)) == "47000"
