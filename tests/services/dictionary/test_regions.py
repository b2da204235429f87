"""Region loading: hierarchy, row-numbered errors, nothing written on error, plans linked."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from eduplan.errors import InputError
from eduplan.services.dictionary.regions import list_regions, load_regions
from eduplan.store.db import unit_of_work
from eduplan.store.models import Plan, Region
from tests.conftest import row_counts
from tests.factories import make_plan


def test_sample_hierarchy(engine):
    assert load_regions(engine) == 23
    assert load_regions(engine) == 0  # idempotent
    with unit_of_work(engine) as session:
        ruian = session.scalar(select(Region).where(Region.name == "瑞安市"))
        assert (ruian.parent.name, ruian.parent.parent.name, ruian.parent.parent.parent) == ("温州市", "浙江省", None)
    listed = list_regions(engine)
    names = [r.name for r in listed]
    assert names.index("温州市") < names.index("瑞安市") and names.index("浙江省") < names.index("温州市")
    assert {r.name: r.depth for r in listed}["瑞安市"] == 2


def test_children_may_come_before_parents_and_names_update(engine):
    load_regions(engine, "code,name,level,parent_code\n110101,东城区,county,110100\n110100,北京城区,city,110000\n"
                         "110000,北京市,province,\n")
    assert load_regions(engine, "code,name,level,parent_code\n110100,北京市辖区,city,110000\n") == 1
    with unit_of_work(engine) as session:
        east = session.scalar(select(Region).where(Region.code == "110101"))
        assert east.parent.name == "北京市辖区"


def test_bad_rows_are_reported_with_row_numbers_and_nothing_is_written(engine):
    load_regions(engine)
    before = row_counts(engine)
    text = ("code,name,level,parent_code\n"
            "120000,天津市,province,\n"           # row 2: fine
            "12A100,天津城区,city,120000\n"        # row 3: code not numeric
            "120101,和平区,district,120100\n"     # row 4: bad level
            "120102,,county,999999\n"             # row 5: empty name, unknown parent
            "120000,天津,province,\n")            # row 6: duplicate code
    with pytest.raises(InputError) as err:
        load_regions(engine, text)
    got = sorted((e.row, e.column) for e in err.value.errors)
    assert got == [(3, "code"), (4, "level"), (4, "parent_code"), (5, "name"), (5, "parent_code"), (6, "code")]
    assert "第3行 code列" in str(err.value.errors[0])
    assert row_counts(engine) == before


def test_missing_columns(engine):
    with pytest.raises(InputError, match="缺少列"):
        load_regions(engine, "code,name\n1,甲\n")


def test_plans_named_after_a_region_get_linked(engine):
    plan_id = make_plan(engine, region="示例县")  # no regions yet: region_id stays empty
    unknown = make_plan(engine, title="未知县规划", region="未知县")
    load_regions(engine)
    with unit_of_work(engine) as session:
        assert session.get(Plan, plan_id).region.name == "示例县"
        assert session.get(Plan, unknown).region_id is None
