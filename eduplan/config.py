"""Settings from ``EDUPLAN_*`` environment variables (and an optional ``.env``).

Nothing reads the environment at import time: callers ask ``get_settings()`` (cached)
or build ``Settings(...)`` themselves, so tests pass their own.
"""

from __future__ import annotations

import logging
import os
import secrets
from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from eduplan.errors import ConfigError

log = logging.getLogger(__name__)

DEFAULT_SECRET = "dev-only-not-secret"
MIN_SECRET_BYTES = 32
SECRET_FILE = "secret_key"  # in data_dir: the generated development secret


class Settings(BaseSettings):
    """Every field has a row in the README's settings table (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="EDUPLAN_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///eduplan.db",
        description="SQLAlchemy URL. Default: the file eduplan.db in the working directory.",
    )
    secret_key: str = Field(default=DEFAULT_SECRET, description="Signs session cookies and CSRF tokens.")
    env: Literal["dev", "prod"] = Field(default="dev", description="prod refuses the default secret.")
    cookie_secure: bool | None = Field(
        default=None, description="Send cookies over HTTPS only (default: in prod); browsers drop such cookies over HTTP.")
    trusted_proxies: str = Field(
        default="", description="Comma-separated addresses or networks of reverse proxies whose X-Forwarded-For and "
                                "X-Forwarded-Proto are believed; default none.")
    parse_timeout: float = Field(default=30.0, description="Seconds a worker may spend reading one uploaded file.")
    max_unzipped_mb: float = Field(default=200.0, description="Largest decompressed content of a .docx/.xlsx upload.")
    log_level: str = Field(default="WARNING", description="Python logging level for operators.")
    data_dir: Path = Field(default=Path("var"), description="Where generated reports and uploads go.")
    max_file_mb: float = Field(default=20.0, description="Largest document or upload accepted, in MB.")
    stale_years: int = Field(default=2, description="Data older than as-of minus this is treated as stale.")
    login_rate_limit: int = Field(default=10, description="Failed logins allowed per user and IP per 5 minutes.")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def max_unzipped_bytes(self) -> int:
        return int(self.max_unzipped_mb * 1024 * 1024)

    @property
    def secure_cookies(self) -> bool:
        return self.env == "prod" if self.cookie_secure is None else self.cookie_secure

    @property
    def proxy_list(self) -> list[str]:
        return [p.strip() for p in self.trusted_proxies.split(",") if p.strip()]

    def check_for_production(self) -> None:
        """Refuse to run a production server with a guessable secret: the default one,
        or one shorter than 32 bytes (anyone who can guess it can sign sessions)."""
        if self.env != "prod":
            return
        if not self.secret_key or self.secret_key == DEFAULT_SECRET:
            raise ConfigError("生产环境必须设置会话密钥",
                              hint="设置环境变量 EDUPLAN_SECRET_KEY 为至少32字节的随机字符串，"
                                   "例如 python3 -c 'import secrets; print(secrets.token_urlsafe(48))' 的输出")
        if len(self.secret_key.encode()) < MIN_SECRET_BYTES:
            raise ConfigError(f"会话密钥太短（{len(self.secret_key.encode())} 字节，至少需要 {MIN_SECRET_BYTES} 字节）",
                              hint="设置 EDUPLAN_SECRET_KEY 为至少32字节的随机字符串，"
                                   "例如 python3 -c 'import secrets; print(secrets.token_urlsafe(48))' 的输出")

    def signing_secret(self) -> str:
        """The key that signs cookies. In development without EDUPLAN_SECRET_KEY it is a
        random key kept in ``data_dir/secret_key`` (made once, read by every worker), so
        nobody can sign sessions with the public default."""
        self.check_for_production()
        if self.secret_key != DEFAULT_SECRET:
            return self.secret_key
        path = self.data_dir / SECRET_FILE
        try:
            return _read_or_create_secret(path)
        except OSError as exc:
            raise ConfigError(f"无法保存开发用会话密钥：{path}（{exc.strerror}）",
                              hint="设置 EDUPLAN_SECRET_KEY，或让 EDUPLAN_DATA_DIR 指向可写的目录") from exc


def _read_or_create_secret(path: Path) -> str:
    """The secret in ``path``; made when absent. Written to a private temporary file and
    hard-linked into place, so concurrent workers never see a half-written key and all
    end up with the same one."""
    if path.is_file():
        text = path.read_text(encoding="ascii").strip()
        if len(text) >= MIN_SECRET_BYTES:
            return text
        path.unlink()  # too short to be ours: replace it
    path.parent.mkdir(parents=True, exist_ok=True)
    temp = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="ascii") as out:
        out.write(secrets.token_urlsafe(48))
    try:
        os.link(temp, path)
        log.warning("EDUPLAN_SECRET_KEY not set: generated a development secret in %s", path)
    except FileExistsError:
        pass  # another worker was first: use its key
    finally:
        temp.unlink()
    return path.read_text(encoding="ascii").strip()


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
