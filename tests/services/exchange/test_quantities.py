"""Numbers, years and units as typed into monitoring sheets."""

from __future__ import annotations

from decimal import Decimal

import pytest

from eduplan.services.exchange.quantities import clean_unit, convert, parse_value, parse_year


@pytest.mark.parametrize(("raw", "value", "unit"), [
    pytest.param("98.5", Decimal("98.5"), None, id="plain"),
    pytest.param("98.5%", Decimal("98.5"), "%", id="percent"),
    pytest.param("1,234", Decimal(1234), None, id="thousands"),
    pytest.param("１，２３４．５", Decimal("1234.5"), None, id="full-width"),
    pytest.param("９８．５％", Decimal("98.5"), "%", id="full-width-percent"),
    pytest.param(" -2.5 ", Decimal("-2.5"), None, id="negative"),
    pytest.param("1.2万", Decimal(12000), None, id="wan"),
    pytest.param(98.5, Decimal("98.5"), None, id="excel-float"),
    pytest.param(12, Decimal(12), None, id="excel-int"),
])
def test_parse_value(raw, value, unit):
    assert parse_value(raw) == (value, unit)


@pytest.mark.parametrize("raw", ["", None, "abc", "1,23", "98.5%%", "约98", True, float("nan")])
def test_parse_value_rejects(raw):
    with pytest.raises(ValueError):
        parse_value(raw)


@pytest.mark.parametrize(("raw", "year"), [(2023, 2023), ("2023", 2023), ("2023年", 2023), (2023.0, 2023),
                                           ("２０２３", 2023)])
def test_parse_year(raw, year):
    assert parse_year(raw) == year


@pytest.mark.parametrize(("value", "unit", "to", "expected"), [
    pytest.param("3.5", "万人", "人", Decimal(35000), id="wan-ren"),
    pytest.param("2", "亿元", "元", Decimal(200_000_000), id="yi-yuan"),
    pytest.param("1.5", "万元", "元", Decimal(15000), id="wan-yuan"),
    pytest.param("12", "万人次", "人次", Decimal(120000), id="wan-renci"),
    pytest.param("35000", "人", "万人", Decimal("3.5"), id="to-wan"),
    pytest.param("5", None, "人", Decimal(5), id="no-unit-means-indicator-unit"),
])
def test_convert(value, unit, to, expected):
    assert convert(Decimal(value), unit, to) == expected


@pytest.mark.parametrize(("unit", "to"), [("万", "人"), ("人", "人次"), ("万人", "人次"), ("个", "%"), ("亿元", "人")])
def test_convert_rejects(unit, to):
    with pytest.raises(ValueError):
        convert(Decimal(1), unit, to)


def test_clean_unit():
    assert clean_unit("％") == "%" and clean_unit("㎡") == "平方米" and clean_unit(" ") is None
