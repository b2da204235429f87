"""Coarse role checks for API writes, before a request body is processed.

The services decide (``services.access``): these dependencies only turn away at once a
role that can never perform the action (a viewer, a planner managing users), so the
answer is 403 rather than a validation error about a body that would be refused anyway.
A unit user (with a unit and a region) passes here for its actions; the service then
checks the object's unit and region.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from eduplan.services import access
from eduplan.services.access import Action, Actor
from eduplan.web.deps import current_user


def may(action: Action):
    def check(user: Annotated[Actor, Depends(current_user)]) -> Actor:
        access.require_role(user, action)
        return user

    return check


PlanWriter = Annotated[Actor, Depends(may(Action.PLAN))]
TargetWriter = Annotated[Actor, Depends(may(Action.TARGET))]
IndicatorWriter = Annotated[Actor, Depends(may(Action.INDICATOR))]
RegionWriter = Annotated[Actor, Depends(may(Action.REGION))]
ObservationWriter = Annotated[Actor, Depends(may(Action.OBSERVATION))]
TaskWriter = Annotated[Actor, Depends(may(Action.TASK))]
ProjectWriter = Annotated[Actor, Depends(may(Action.PROJECT))]
SubmitWriter = Annotated[Actor, Depends(may(Action.SUBMIT))]
ApproveWriter = Annotated[Actor, Depends(may(Action.APPROVE))]
