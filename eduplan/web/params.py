"""Integer parameters with their ranges, for every route.

Python ints are unbounded, database integers are not: ``/plans/99999999999999999999`` or
``offset=2**63`` used to reach SQLite or PostgreSQL and come back as a 500. Every integer
a client sends — in the path, the query, a form or a JSON body — is declared with one of
these types, so a number out of range is a 422 with a Chinese message before any query
runs (``tests/web/test_params.py`` checks that no route declares a bare ``int``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, Query

MAX_ID = 2**31 - 1  # the largest value of the database's INTEGER columns (ids, versions)
FIRST_YEAR, LAST_YEAR = 1949, 2100
MAX_OFFSET = 10**9

PathId = Annotated[int, Path(ge=1, le=MAX_ID, description="编号")]
QueryId = Annotated[int | None, Query(ge=1, le=MAX_ID, description="编号")]
QueryYear = Annotated[int | None, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="年份")]
RequiredQueryId = Annotated[int, Query(ge=1, le=MAX_ID, description="编号")]
RequiredQueryYear = Annotated[int, Query(ge=FIRST_YEAR, le=LAST_YEAR, description="年份")]
Flag = Annotated[int, Query(ge=0, le=1)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_OFFSET, description="页码")]
FormId = Annotated[int, Form(ge=1, le=MAX_ID)]
FormVersion = Annotated[int, Form(ge=0, le=MAX_ID)]
FormYear = Annotated[int, Form(ge=FIRST_YEAR, le=LAST_YEAR)]
