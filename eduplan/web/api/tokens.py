"""API 令牌: who am I; create, list and revoke tokens (one's own; an admin anyone's)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Query, Response

from eduplan.services.accounts.tokens import issue_token, list_tokens, revoke_token
from eduplan.web.api.common import api_router
from eduplan.web.deps import EngineDep, UserDep
from eduplan.web.params import PathId
from eduplan.web.schemas import MePublic, TokenCreate, TokenCreatedPublic, TokenPublic

router = api_router("API 令牌")


@router.get("/me", summary="当前用户（会话或令牌对应的账号）", response_model=MePublic)
def me(user: UserDep):
    return user


@router.get("/tokens", summary="列出 API 令牌（自己的；管理员可看全部）", response_model=list[TokenPublic])
def tokens(engine: EngineDep, user: UserDep,
           everyone: Annotated[bool, Query(description="列出所有用户的令牌（仅管理员）")] = False):
    return list_tokens(engine, actor=user, everyone=everyone)


@router.post("/tokens", status_code=201, summary="创建 API 令牌（为自己；管理员可为他人）",
             response_model=TokenCreatedPublic)
def create_token(body: TokenCreate, engine: EngineDep, user: UserDep):
    return issue_token(engine, body.name, actor=user, username=body.username)


@router.delete("/tokens/{token_id}", status_code=204, summary="吊销 API 令牌（立即失效）", response_class=Response)
def delete_token(token_id: PathId, engine: EngineDep, user: UserDep):
    revoke_token(engine, token_id, actor=user)
    return Response(status_code=204)
