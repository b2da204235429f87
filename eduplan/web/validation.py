"""Request validation errors in Chinese.

FastAPI (pydantic) reports a bad query, path, form or JSON field in English ("Input
should be a valid integer"); users of a Chinese app get that sentence in Chinese, with the
field's Chinese name: ``年份：应为整数（收到 “abc”）``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

FIELD_LABELS = {
    "year": "年份", "as_of": "截至年份", "value": "数值", "version": "版本号", "limit": "每页条数",
    "offset": "跳过的条数", "plan_id": "规划编号", "plan": "规划", "unit_id": "责任单位编号", "unit": "责任单位",
    "indicator_id": "指标编号", "indicator": "指标", "region_id": "区域编号", "region": "区域",
    "target_id": "目标编号", "task_id": "任务编号", "project_id": "项目编号", "observation_id": "监测数据编号",
    "token_id": "令牌编号", "progress": "进度", "status": "状态", "stage": "阶段", "note": "说明",
    "investment_done": "完成投资", "seats_done": "建成学位", "year_from": "起始年份", "year_to": "截止年份",
    "comparator": "比较方式", "kind": "类型", "unit_name": "单位", "start": "起始位置", "end": "结束位置",
    "quote": "原文", "name": "名称", "username": "用户名", "password": "密码", "file": "文件", "q": "搜索词",
    "precision": "小数位数", "direction": "方向", "max_value": "上限", "min_value": "下限", "keep": "保留的指标",
    "other": "并入的指标", "reason": "理由", "comment": "意见", "review_state": "审核状态", "page": "页码",
    "needs_review": "待审核", "doc_type": "文件类型", "format": "格式", "approved_only": "只用已审核数据",
}
PLACES = {"query": "查询参数", "path": "地址", "body": "请求内容", "form": "表单", "header": "请求头", "cookie": "Cookie"}


def _message(error: dict[str, Any]) -> str:
    kind = error.get("type", "")
    ctx = error.get("ctx") or {}
    if kind in ("int_parsing", "int_type"):
        return "应为整数"
    if kind == "int_from_float":
        return "应为整数，不能有小数"
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return "应为数字"
    if kind == "missing":
        return "不能为空"
    if kind == "greater_than_equal":
        return f"不能小于 {ctx.get('ge')}"
    if kind == "less_than_equal":
        return f"不能大于 {ctx.get('le')}"
    if kind == "greater_than":
        return f"应大于 {ctx.get('gt')}"
    if kind == "less_than":
        return f"应小于 {ctx.get('lt')}"
    if kind == "string_too_long":
        return f"最多 {ctx.get('max_length')} 个字符"
    if kind == "string_too_short":
        return f"至少 {ctx.get('min_length')} 个字符"
    if kind in ("enum", "literal_error"):
        return f"应为以下之一：{ctx.get('expected', '')}".replace(" or ", "、").replace("'", "")
    if kind in ("bool_parsing", "bool_type"):
        return "应为 true 或 false"
    if kind in ("json_invalid", "json_type"):
        return "不是有效的 JSON"
    if kind in ("model_attributes_type", "dict_type", "model_type"):
        return "应为 JSON 对象"
    if kind in ("string_type", "string_unicode"):
        return "应为文本"
    if kind in ("list_type", "tuple_type", "set_type"):
        return "应为列表"
    if kind == "extra_forbidden":
        return "不认识的字段"
    if kind in ("date_parsing", "date_from_datetime_parsing", "date_type"):
        return "应为日期（如 2026-03-01）"
    if kind == "value_error":
        text = str(ctx.get("error") or error.get("msg", ""))
        return text.removeprefix("Value error, ") if _is_chinese(text) else "内容不符合要求"
    return "内容不符合要求"


def _is_chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _field(loc: Iterable[Any]) -> str:
    parts = [str(p) for p in loc]
    place = PLACES.get(parts[0], "") if parts else ""
    names = [f"{FIELD_LABELS[p]}（{p}）" if p in FIELD_LABELS else p for p in parts[1:] if not p.isdigit()]
    return "·".join(names or [place or "请求"])


def describe(errors: list[dict[str, Any]], limit: int = 10) -> list[str]:
    """One Chinese line per problem: ``字段：问题（收到 “…”）``."""
    lines = []
    for e in errors[:limit]:
        text = f"{_field(e.get('loc', ()))}：{_message(e)}"
        given = e.get("input")
        if e.get("type") != "missing" and isinstance(given, str | int | float) and not isinstance(given, bool):
            shown = str(given)
            text += f"（收到“{shown[:40]}{'…' if len(shown) > 40 else ''}”）"
        lines.append(text)
    if len(errors) > limit:
        lines.append(f"……另有 {len(errors) - limit} 处问题")
    return lines
