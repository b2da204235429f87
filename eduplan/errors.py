"""One error tree for the whole product.

Library code raises these; only the edges (CLI, web) catch them. Each error carries a
Chinese message for the user, an optional hint (how to fix it) and an optional location
(file, line, row, column). The class decides the HTTP status and the CLI exit code.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(slots=True)
class RowError:
    """One problem in one row of an import file (row numbers as the user sees them)."""

    row: int
    column: str
    message: str
    value: str | None = None

    def __str__(self) -> str:
        shown = f"（值：{self.value}）" if self.value not in (None, "") else ""
        return f"第{self.row}行 {self.column}列：{self.message}{shown}"


class EduplanError(Exception):
    http_status = 400
    exit_code = 1
    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        hint: str | None = None,
        location: str | None = None,
        errors: list[RowError] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint
        self.location = location
        self.errors: list[RowError] = list(errors or [])

    def __str__(self) -> str:
        parts = [f"{self.location}：{self.message}" if self.location else self.message]
        if self.hint:
            parts.append(f"（{self.hint}）")
        return "".join(parts)

    def to_dict(self) -> dict:
        return {
            "type": self.kind,
            "message": self.message,
            "hint": self.hint,
            "location": self.location,
            "errors": [
                {"row": e.row, "column": e.column, "message": e.message, "value": e.value} for e in self.errors
            ],
        }


class InputError(EduplanError):
    """The user can fix the file, row or cell."""

    http_status = 422
    exit_code = 2
    kind = "input_error"


class RuleDataError(EduplanError):
    """A YAML rule file shipped with eduplan is invalid (a developer error)."""

    http_status = 500
    exit_code = 3
    kind = "rule_data_error"


class NotFoundError(EduplanError):
    http_status = 404
    exit_code = 4
    kind = "not_found"


class PermissionDeniedError(EduplanError):
    http_status = 403
    exit_code = 5
    kind = "permission_denied"


class AuthenticationError(EduplanError):
    http_status = 401
    exit_code = 5
    kind = "not_authenticated"


class RateLimitedError(EduplanError):
    """Too many attempts: wait and try again."""

    http_status = 429
    exit_code = 5
    kind = "rate_limited"


class ConflictError(EduplanError):
    """Someone changed the object first: reload and try again."""

    http_status = 409
    exit_code = 6
    kind = "conflict"


class ConfigError(EduplanError):
    http_status = 500
    exit_code = 7
    kind = "config_error"


@dataclass(slots=True)
class Problems:
    """Collects row errors during a bulk import; raises them all at once."""

    items: list[RowError] = field(default_factory=list)

    def add(self, row: int, column: str, message: str, value: object = None) -> None:
        self.items.append(RowError(row, column, message, None if value is None else str(value)))

    def __bool__(self) -> bool:
        return bool(self.items)
