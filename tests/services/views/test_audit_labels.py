"""Audit entries read in Chinese: field names, coded values, user names, Beijing time."""

from __future__ import annotations

from eduplan.services.views.audit_labels import changes, shown


def test_the_issue_examples_read_in_chinese():
    users = {1: "规划科张三"}
    assert shown("recorded_by", 1, users) == "规划科张三"
    assert shown("direction", "up") == "越高越好"
    assert shown("guess", ["百分比", "名称含“率”"]) == "百分比、名称含“率”"
    assert shown("recorded_at", "2026-03-01T01:30:00+00:00") == "2026-03-01 09:30:00"  # Beijing time
    assert shown("needs_review", True) == "是" and shown("kind", "cumulative") == "累计量"
    assert shown("state", "approved") == "已审核通过"


def test_changes_name_fields_in_chinese_and_keep_the_version_last():
    out = changes({"value": "97", "version": 1, "recorded_by": 1},
                  {"value": "97.5", "version": 2, "recorded_by": 2}, {1: "甲", 2: "乙"})
    assert [(c.label, c.old, c.new) for c in out] == [("数值", "97", "97.5"), ("录入人", "甲", "乙"), ("版本", "1", "2")]
    created = changes(None, {"direction": "down", "guess": ["人数"]})
    assert [(c.label, c.old, c.new) for c in created] == [("方向", None, "越低越好"), ("推断依据", None, "人数")]
