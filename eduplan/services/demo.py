"""The demo database: regions, the indicator dictionary, the sample plan of 示例县 with its
monitoring data, a sample 统计公报 whose values wait for review on 数据来源 (three of them
differ from the stored data), and demo accounts with one-time passwords (``eduplan demo``,
browser tests).

The sample plan's commitments (targets of kind target) are confirmed (全部确认), as a planner
would after review, so the dashboard and reports show them (evaluation takes reviewed
targets only); the stated results stay for a planner to review."""

from __future__ import annotations

from dataclasses import dataclass
from importlib.resources import as_file, files

from eduplan.extract.pipeline import extract_document
from eduplan.services.accounts.users import create_user, generate_password
from eduplan.services.dictionary.indicators import load_indicators
from eduplan.services.dictionary.regions import load_regions
from eduplan.services.exchange.documents import read_all
from eduplan.services.monitoring.observations import import_observations
from eduplan.services.plans.ingest import ingest_documents
from eduplan.services.plans.stored import IngestResult
from eduplan.services.plans.targets import confirm_targets
from eduplan.store.db import make_engine
from eduplan.store.migrate import upgrade

SAMPLE_PLAN = "示例县教育事业发展十四五规划.txt"
SAMPLE_DATA = "示例县监测数据.csv"
# a bulletin of our own: some of its 2023 figures agree with the sample data, some differ
# (高中阶段毛入学率, 公办幼儿园在园幼儿占比, 研究生学历比例): conflicts to review on /sources
SAMPLE_BULLETIN = "示例县2023年教育事业统计公报.txt"
# (username, role, unit, label, regions): the unit account reports for 示例县 only
ACCOUNTS = (("admin", "admin", None, "管理员", ()), ("ghk", "planner", None, "规划科", ()),
            ("jyj", "unit", "县教育局", "责任单位：县教育局（示例县）", ("示例县",)))


@dataclass(frozen=True, slots=True)
class Demo:
    plan: IngestResult
    accounts: list[tuple[str, str, str]]  # (username, role label, one-time password)


def build_demo(url: str, *, max_bytes: int) -> Demo:
    """Fill a fresh database at ``url`` with the sample plan, regions, indicators,
    observations and demo accounts."""
    engine = make_engine(url)
    upgrade(engine)
    load_regions(engine)
    load_indicators(engine)  # link the sample plan's targets to the shipped dictionary
    with as_file(files("eduplan") / "samples" / SAMPLE_PLAN) as path:
        docs = read_all([path], max_bytes=max_bytes)
    [plan] = ingest_documents(engine, docs, extractor=extract_document)
    confirm_targets(engine, plan.plan_id, actor=None, kind="target")  # its commitments are reviewed: they count
    with as_file(files("eduplan") / "samples" / SAMPLE_DATA) as path:
        import_observations(engine, path)
    with as_file(files("eduplan") / "samples" / SAMPLE_BULLETIN) as path:
        ingest_documents(engine, read_all([path], max_bytes=max_bytes, region="示例县"), extractor=extract_document)
    accounts = []
    for username, role, unit, label, regions in ACCOUNTS:
        password = generate_password()
        create_user(engine, username, password, role, unit=unit, display_name=label, regions=list(regions))
        accounts.append((username, label, password))
    engine.dispose()
    return Demo(plan, accounts)
