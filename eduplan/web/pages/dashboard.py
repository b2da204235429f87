"""一屏掌控: the leader's one screen."""

from __future__ import annotations

from fastapi import APIRouter, Request

from eduplan.web.deps import UserDep
from eduplan.web.templating import render

router = APIRouter()


@router.get("/")
def dashboard(request: Request, user: UserDep):
    return render(request, "dashboard.html", {})
