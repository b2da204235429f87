"""Pydantic models of the JSON API, named by role: ``…Public`` is what the API returns,
``…Create`` / ``…Update`` what a client sends. Services return frozen dataclasses; the
``…Public`` models read them with ``from_attributes``.

Numbers read from plans are ``Decimal`` inside; the API writes them as JSON numbers
(integers when whole) and accepts numbers or strings ("98.7", "3万").
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Annotated, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, PlainSerializer

from eduplan.domain import Comparator, Direction, IndicatorKind, ReviewState, TargetKind, TaskStatus, plain_number


Number = Annotated[Decimal, PlainSerializer(plain_number, return_type=int | float, when_used="json")]
MAX_ID = 2**31 - 1  # the database's INTEGER columns: every id, version and count a client sends stays below
Version = Annotated[int, Field(ge=0, le=MAX_ID, description="你看到的版本号（读取时返回的 version）；版本不一致时返回 409")]
IdValue = Annotated[int, Field(ge=1, le=MAX_ID)]
YearValue = Annotated[int, Field(ge=1949, le=2100, description="年份")]
Offset = Annotated[int, Field(ge=0, le=10**9)]
T = TypeVar("T")


class Public(BaseModel):
    model_config = ConfigDict(from_attributes=True)


class Page(Public, Generic[T]):
    items: list[T]
    total: int = Field(description="符合条件的总条数")
    limit: int
    offset: int


# ---- errors -------------------------------------------------------------------------------

class RowErrorPublic(BaseModel):
    row: int
    column: str
    message: str
    value: str | None = None


class ErrorDetail(BaseModel):
    type: str = Field(description="错误类别：input_error、not_found、permission_denied、not_authenticated、conflict …")
    message: str = Field(description="给用户看的说明（中文）")
    hint: str | None = Field(default=None, description="如何改正")
    location: str | None = Field(default=None, description="出错的文件、行、列")
    errors: list[RowErrorPublic] = Field(default_factory=list, description="批量导入时逐行列出的错误")


class ErrorPublic(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"model": ErrorPublic, "description": "未登录，或 API 令牌无效/已吊销"},
    403: {"model": ErrorPublic, "description": "无权限，或浏览器会话缺少 X-CSRF-Token"},
    404: {"model": ErrorPublic, "description": "对象不存在"},
    422: {"model": ErrorPublic, "description": "请求内容不符合要求（含逐行错误）"},
}
CONFLICT: dict[int | str, dict[str, Any]] = {409: {"model": ErrorPublic, "description": "版本冲突：已被他人修改，请刷新后重试"}}
UPLOAD: dict[int | str, dict[str, Any]] = {413: {"model": ErrorPublic, "description": "文件超过大小上限"}}


# ---- plans --------------------------------------------------------------------------------

class UnitPublic(Public):
    id: int
    name: str


class PlanPublic(Public):
    id: int
    title: str
    issuer: str | None
    doc_type: str
    region_id: int | None
    region_name: str | None
    period_start: int | None
    period_end: int | None
    base_year: int | None
    source_name: str
    sha256: str
    created_at: datetime


class SectionPublic(Public):
    id: int
    parent_id: int | None
    position: int
    level: int
    number: str
    title: str
    kind: str
    start: int
    end: int


class PlanDetailPublic(Public):
    plan: PlanPublic
    sections: list[SectionPublic]
    counts: dict[str, int] = Field(description="sections、targets、tasks、projects 的条数")


class PlanIngestPublic(Public):
    plan_id: int
    title: str
    created: bool = Field(description="false：同一文件（sha256 相同）已入库，未重复入库")
    source: str
    sections: int
    targets: int
    tasks: int
    projects: int


# ---- targets ------------------------------------------------------------------------------

class TargetPublic(Public):
    id: int
    plan_id: int
    section_id: int | None
    section_label: str | None = Field(description="所在章节：编号和标题")
    indicator_id: int | None
    indicator: str | None = Field(description="指标库中的规范名称（未关联时为 null）")
    indicator_name: str = Field(description="规划原文中的指标名称")
    comparator: Comparator
    value: Number | None
    unit: str | None
    year: int | None
    kind: TargetKind
    baseline_year: int | None
    baseline_value: Number | None
    quote: str
    start: int | None
    end: int | None
    confidence: float
    review_state: ReviewState
    version: int
    units: list[str] = Field(description="责任单位")
    measure: str | None = Field(default=None, description="考核方式：level、maintain、per_year、cumulative、"
                                "yearly_amount、binary、rank、directional、growth_rate（null：按指标类型）")
    direction: str | None = Field(default=None, description="up 越高越好、down 越低越好（null：按指标）")
    entry_basis: str | None = Field(default=None, description="新增类目标的填报口径：addition 当年新增、total 累计")
    parent_id: int | None = Field(default=None, description="所属目标：本条是该目标的阶段目标或重复表述")


class TargetConfirmMany(BaseModel):
    """全部确认: the targets to confirm (all of the plan still awaiting review when omitted)."""

    model_config = ConfigDict(extra="forbid")
    target_ids: list[IdValue] | None = Field(
        default=None, max_length=10000, description="要确认的目标编号（如一张指标表的各行）")


class TargetUpdate(BaseModel):
    """Only the fields sent change; the target becomes ``edited``."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    indicator_name: str | None = Field(default=None, max_length=200)
    comparator: Comparator | None = None
    value: Decimal | str | None = Field(default=None, description="数值，可带单位（如 \"38.6亿元\"）")
    unit: str | None = None
    year: YearValue | None = None
    kind: TargetKind | None = None
    measure: str | None = Field(default=None, description="考核方式（见 TargetPublic.measure）")
    direction: str | None = Field(default=None, description="up 或 down")
    entry_basis: str | None = Field(default=None, description="addition 或 total")


class TargetReview(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Version
    reason: str | None = Field(default=None, max_length=200, description="驳回理由（仅驳回时使用）")


class TargetLink(BaseModel):
    model_config = ConfigDict(extra="forbid")
    version: Version
    indicator: IdValue | str = Field(description="指标编号、名称或别名")


class TargetCreate(BaseModel):
    """A target the extraction missed: the span of plan text that states it, and its values."""

    model_config = ConfigDict(extra="forbid")
    start: int = Field(ge=0, le=10**9, description="原文起始偏移（字符）")
    end: int = Field(gt=0, le=10**9, description="原文结束偏移（不含）")
    quote: str | None = Field(default=None, description="所选原文；若提供，必须与 text[start:end] 一致")
    indicator: str = Field(min_length=1, max_length=200)
    comparator: Comparator
    value: Decimal | str | None = None
    unit: str | None = None
    year: YearValue | None = None
    kind: TargetKind = TargetKind.TARGET


# ---- indicators ---------------------------------------------------------------------------

class IndicatorPublic(Public):
    id: int
    name: str
    aliases: list[str]
    unit: str | None
    direction: str
    kind: str
    precision: int
    max_value: Number | None
    min_value: Number | None
    needs_review: bool
    version: int


class IndicatorUpdate(BaseModel):
    """Only the fields sent change; ``null`` clears unit and max_value."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    unit: str | None = Field(default=None, max_length=32)
    kind: IndicatorKind | None = None
    direction: Direction | None = None
    precision: int | None = Field(default=None, ge=0, le=6)
    max_value: Decimal | None = Field(default=None, description="合理取值上限（如 100）")


class IndicatorMerge(BaseModel):
    keep: str | IdValue = Field(description="保留的指标（编号、名称或别名）")
    other: str | IdValue = Field(description="并入的指标（编号、名称或别名）；其名称成为别名")


class ObservationConflictPublic(Public):
    region: str
    year: int
    kept_value: Number
    dropped_value: Number


class MergePublic(Public):
    kept: IndicatorPublic
    merged_name: str
    aliases_moved: list[str]
    targets_moved: int
    observations_moved: int
    conflicts: list[ObservationConflictPublic]


# ---- regions ------------------------------------------------------------------------------

class RegionNodePublic(BaseModel):
    id: int
    code: str
    name: str
    level: str
    children: list[RegionNodePublic] = Field(default_factory=list)


class RegionImportPublic(BaseModel):
    changed: int = Field(description="新增或修改的区域数")


# ---- observations -------------------------------------------------------------------------

class ObservationPublic(Public):
    id: int
    indicator_id: int
    indicator: str
    region_id: int
    region: str
    region_code: str
    year: int
    value: Number
    unit: str | None
    source: str | None
    note: str | None
    recorded_by: int | None
    recorded_at: datetime
    version: int


class ObservationCreate(BaseModel):
    """One value; ``version`` 0 means "this is new" (409 if someone stored it first)."""

    model_config = ConfigDict(extra="forbid")
    indicator: IdValue | str = Field(description="指标编号、名称或别名")
    region: IdValue | str = Field(description="区域编号（数字）或名称/区划代码（字符串）")
    year: YearValue
    value: Decimal | str = Field(description="数值，如 98.7 或 \"98.7%\"")
    unit: str | None = None
    source: str | None = Field(default=None, max_length=200)
    note: str | None = None
    plan_id: IdValue | None = Field(default=None, description="按该规划的期限检查年份；值须属于该规划所在区域")
    version: Version


class ObservationUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    value: Decimal | str
    unit: str | None = None
    source: str | None = Field(default=None, max_length=200)
    note: str | None = None
    version: Version


class ObservationRecordPublic(Public):
    observation_id: int
    version: int = Field(description="保存后的版本号")
    changed: bool = Field(description="false：与已存值相同，未写入")
    created: bool
    old_value: Number | None
    value: Number


class ImportPublic(Public):
    source: str
    rows: int
    created: int
    updated: int
    unchanged: int
    plan_id: int | None


# ---- tasks and projects -------------------------------------------------------------------

class TaskPublic(Public):
    id: int
    plan_id: int
    section_id: int | None
    number: str
    title: str
    due_year: int | None
    status: str
    progress: int
    version: int
    units: list[UnitPublic]


class TaskProgressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: YearValue = Field(description="进展所属年份")
    progress: int | None = Field(default=None, ge=0, le=100, description="完成百分比 0–100")
    status: TaskStatus | None = Field(default=None, description="省略时按进度推断")
    note: str | None = None
    version: Version


class TaskProgressPublic(Public):
    task_id: int
    status: str
    progress: int
    version: int


class ProjectPublic(Public):
    id: int
    plan_id: int
    section_id: int | None
    name: str
    level: str | None
    stage: str | None
    count: int | None
    investment: Number | None
    floor_area: Number | None
    seats: int | None
    land: Number | None
    year: int | None
    investment_done: Number | None
    seats_done: int | None
    version: int
    units: list[UnitPublic] = Field(description="负责单位（同一章节中重点任务的责任单位）")


class ProjectProgressUpdate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    year: YearValue
    stage: str | None = Field(default=None, max_length=32, description="如 前期、在建、竣工")
    investment_done: Decimal | str | None = Field(default=None, description="累计完成投资（元）")
    seats_done: int | None = Field(default=None, ge=0, le=10**9, description="已建成学位数")
    note: str | None = None
    version: Version


class ProjectProgressPublic(Public):
    project_id: int
    stage: str | None
    investment_done: Number | None
    seats_done: int | None
    version: int


# ---- evaluation (the evaluation JSON contract; extra keys pass through) -------------------

class _Open(BaseModel):
    model_config = ConfigDict(extra="allow")


class PointPublic(_Open):
    year: int | None
    value: float | None


class ForecastPublic(_Open):
    value: float | None
    points: int
    meets: bool | None


class MilestonePublic(_Open):
    year: int
    value: float | None


class AssessmentPublic(_Open):
    id: int
    indicator: str
    region: str | None
    measure: str = Field(description="考核方式：level、maintain、per_year、cumulative、yearly_amount、binary、rank、"
                                     "directional、growth_rate")
    direction: Literal["up", "down"] = Field(description="up 越高越好，down 越低越好")
    comparator: str
    target: float | None
    target_year: int
    milestones: list[MilestonePublic] = Field(description="规划写明的阶段目标（逐年额度类为各年额度）")
    baseline: PointPublic
    latest: PointPublic
    elapsed: float | None = Field(description="时间进度 τ（按规划基期计）")
    completion: float | None = Field(description="完成度 P")
    pace: float | None = Field(description="进度比 R = P/τ")
    status: Literal["achieved", "on_track", "at_risk", "lagging", "regressing", "overdue", "no_data"]
    status_label: str = Field(description="状态的中文：已实现、符合或快于预期、进度偏慢、滞后、倒退、到期未完成、无数据")
    reason: str = Field(description="判断依据（一句中文）")
    reviewed: bool = Field(description="是否经人工审核")
    forecast: ForecastPublic
    flags: list[str]
    section: str | None
    units: list[str]
    rule: str
    inputs: dict[str, Any]
    unapproved_years: list[int] = Field(default_factory=list, description="所用监测数据中尚未审核通过的年份")
    quote: str


class EvaluationSummaryPublic(_Open):
    elapsed: float | None
    median_completion: float | None
    counts: dict[str, int]


class ReviewGatePublic(_Open):
    include_unreviewed: bool = Field(description="是否纳入了未审核的目标")
    evaluated: int = Field(description="纳入评估的目标数（每个指标一项）")
    unreviewed: int = Field(description="纳入评估但未经人工审核的目标数")
    left_out: int = Field(description="因尚未审核而未纳入评估的目标数")
    note: str | None = Field(description="关于审核情况的一句说明")


class EvaluationPublic(_Open):
    plan: str | None
    as_of: int
    period: list[int] | None = Field(description="[基期年, 规划末年]")
    review: ReviewGatePublic
    summary: EvaluationSummaryPublic
    targets: list[AssessmentPublic]


class ConfirmResult(Public):
    confirmed: int = Field(description="本次确认的目标数")


# ---- tokens and the current user ----------------------------------------------------------

class MePublic(Public):
    id: int
    username: str
    display_name: str
    role: str
    unit_id: int | None


class TokenCreate(BaseModel):
    model_config = ConfigDict(extra="forbid")
    name: str = Field(min_length=1, max_length=100, description="用途，如“每晚导入脚本”")
    username: str | None = Field(default=None, description="为其他用户创建（仅管理员）；默认自己")


class TokenPublic(Public):
    id: int
    name: str
    username: str
    created_at: datetime
    last_used_at: datetime | None


class TokenCreatedPublic(BaseModel):
    token: str = Field(description="只显示这一次；请求时放在 Authorization: Bearer <token>")
    info: TokenPublic



# ---- submission and approval --------------------------------------------------------------

class ApprovalStep(BaseModel):
    model_config = ConfigDict(extra="forbid")
    unit_id: IdValue = Field(description="责任单位编号")
    year: YearValue
    version: Version = Field(description="你看到的版本号（从未上报时为 0）；不一致时返回 409")
    comment: str | None = Field(default=None, max_length=2000, description="意见（退回时必填）")


class ApprovalPublic(Public):
    plan_id: int
    unit_id: int
    unit_name: str
    year: int
    state: Literal["open", "submitted", "approved", "returned"] = Field(
        description="open 填报中、submitted 已上报待审核、approved 已审核通过（锁定）、returned 已退回")
    label: str
    comment: str | None
    submitted_by: str | None
    submitted_at: datetime | None
    decided_by: str | None
    decided_at: datetime | None
    version: int
    filled: int = Field(description="已填报的数值个数")
    total: int = Field(description="该单位在该规划中负责的数值个数")


# ---- 数据来源 ------------------------------------------------------------------------

class ProposalIds(BaseModel):
    """Proposals to accept or reject, with the versions the reviewer saw (409 when stale)."""

    model_config = ConfigDict(extra="forbid")
    ids: list[IdValue] = Field(min_length=1, max_length=10000, description="来源数据编号")
    versions: dict[str, Version] | None = Field(default=None, description="编号 → 读取到的 version（可选）")


class ProposalEdit(BaseModel):
    """Correct a proposal before accepting it."""

    model_config = ConfigDict(extra="forbid")
    version: Version
    indicator: IdValue | str | None = Field(default=None, description="指标编号、名称或别名")
    region: IdValue | str | None = Field(default=None, description="区域编号或名称")
    year: YearValue | None = None
    value: Decimal | str | None = None


class ReviewCounts(BaseModel):
    accepted: int
    replaced: int
    confirmed: int
    rejected: int


class SourceUploaded(BaseModel):
    id: int = Field(description="来源文件编号")
    title: str
    created: bool = Field(description="false：同一文件此前已入库，未重复导入")


class StoredValuePublic(BaseModel):
    id: int
    value: float | int
    source: str | None
    note: str | None
    recorded_by: str | None
    recorded_at: str | None
    version: int


class ProposalPublic(BaseModel):
    """A value read from a source document, beside the stored value of its indicator, region
    and year (``match``: new / same / conflict / unlinked)."""

    id: int
    source: str
    source_id: int
    name: str = Field(description="原文中的指标名称")
    indicator: str | None
    indicator_id: int | None
    region: str | None
    region_id: int | None
    year: int
    value: float | int
    unit: str | None
    quote: str
    start: int
    end: int
    state: str = Field(description="proposed / accepted / rejected")
    match: str = Field(description="new / same / conflict / unlinked")
    stored: StoredValuePublic | None
    version: int


class SourcePublic(BaseModel):
    id: int
    title: str
    genre: str
    genre_label: str
    region: str | None
    reporting_year: int | None
    counts: dict[str, int] = Field(description="proposed、accepted、rejected、conflicting、matched")
    proposals: list[ProposalPublic] | None = None
