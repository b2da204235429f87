"""Session cookies and CSRF tokens.

The session is a signed, timestamped cookie (itsdangerous) holding the user id and a
fragment of the password hash, so changing a password signs every session out. It is
HttpOnly and SameSite=Lax (Secure in production). CSRF uses a double-submit token: a
random value in its own HttpOnly cookie that every form and htmx request must echo
(hidden field ``csrf_token`` or header ``X-CSRF-Token``).
"""

from __future__ import annotations

import hmac
import secrets

from itsdangerous import BadSignature, URLSafeTimedSerializer

SESSION_COOKIE = "eduplan_session"
CSRF_COOKIE = "eduplan_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 3600


class SessionSigner:
    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="eduplan-session")

    def dumps(self, user_id: int, password_hash: str) -> str:
        return self._s.dumps({"uid": user_id, "pw": password_hash[-16:]})

    def loads(self, cookie: str) -> tuple[int, str] | None:
        try:
            data = self._s.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
            return None
        return data["uid"], str(data.get("pw", ""))


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def csrf_matches(cookie: str | None, sent: str | None) -> bool:
    return bool(cookie) and bool(sent) and hmac.compare_digest(cookie, sent)
