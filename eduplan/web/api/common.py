"""What every API router shares: paging parameters and the router factory (error
responses documented once, request size limited)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from eduplan.web.schemas import ERRORS
from eduplan.web.uploads import LimitedRoute

Limit = Annotated[int, Query(ge=1, le=1000, description="每页条数（最多 1000）")]
Offset = Annotated[int, Query(ge=0, le=10**9, description="跳过的条数")]


def api_router(tag: str) -> APIRouter:
    return APIRouter(tags=[tag], route_class=LimitedRoute, responses=ERRORS)
