"""Session cookies, CSRF tokens and the Content-Security-Policy nonce.

The session is a signed, timestamped cookie (itsdangerous) holding the user id, a
fragment of the password hash, the user's session version and the session's CSRF token:

* a new password changes the fragment, and signing out (or new regions) raises the
  user's ``session_version`` in the database — either way every cookie issued before
  stops working at once, on every app process, although the cookie itself is unchanged;
* the CSRF token lives inside the signed session, so it is bound to that session: a
  token (or a cookie/field pair) planted by someone else does not match, and signing in
  issues a new one. Forms echo it in the field ``csrf_token``, htmx and scripts in the
  header ``X-CSRF-Token``.

Before signing in there is no session: the login form's token comes from a signed
``eduplan_csrf`` cookie (a random value the server signed, so a made-up pair fails).
Cookies are HttpOnly and SameSite; Secure when ``EDUPLAN_COOKIE_SECURE`` says so
(default: in production).
"""

from __future__ import annotations

import hmac
import secrets
from dataclasses import dataclass

from itsdangerous import BadSignature, URLSafeSerializer, URLSafeTimedSerializer

SESSION_COOKIE = "eduplan_session"
CSRF_COOKIE = "eduplan_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_MAX_AGE = 12 * 3600


@dataclass(frozen=True, slots=True)
class SessionData:
    user_id: int
    password_fragment: str
    session_version: int
    csrf: str


def password_fragment(password: str) -> str:
    """What a session keeps of the password hash (or of an actor's ``password_stamp``,
    which is that already): its last 16 characters."""
    return password[-16:]


class SessionSigner:
    def __init__(self, secret: str) -> None:
        self._s = URLSafeTimedSerializer(secret, salt="eduplan-session")
        self._anonymous = URLSafeSerializer(secret, salt="eduplan-csrf")

    def dumps(self, user_id: int, password: str, session_version: int = 1, csrf: str | None = None) -> str:
        """A session cookie; ``password`` is the password hash or the actor's stamp of it,
        ``csrf`` the session's CSRF token (a new one when None)."""
        return self._s.dumps({"uid": user_id, "pw": password_fragment(password), "sv": session_version,
                              "csrf": csrf or new_csrf_token()})

    def loads(self, cookie: str) -> SessionData | None:
        try:
            data = self._s.loads(cookie, max_age=SESSION_MAX_AGE)
        except BadSignature:
            return None
        if not isinstance(data, dict) or not isinstance(data.get("uid"), int) or not isinstance(data.get("sv"), int) \
                or not isinstance(data.get("csrf"), str):
            return None
        return SessionData(data["uid"], str(data.get("pw", "")), data["sv"], data["csrf"])

    def anonymous_cookie(self, token: str) -> str:
        """The signed cookie carrying the CSRF token of a visitor who is not signed in."""
        return self._anonymous.dumps(token)

    def anonymous_token(self, cookie: str | None) -> str | None:
        """The token inside a signed anonymous CSRF cookie (None when forged or absent)."""
        if not cookie:
            return None
        try:
            token = self._anonymous.loads(cookie)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None


def new_csrf_token() -> str:
    return secrets.token_urlsafe(24)


def new_nonce() -> str:
    return secrets.token_urlsafe(18)


def csrf_matches(expected: str | None, sent: str | None) -> bool:
    return bool(expected) and bool(sent) and hmac.compare_digest(expected, sent)
