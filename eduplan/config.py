"""Settings from ``EDUPLAN_*`` environment variables (and an optional ``.env``).

Nothing reads the environment at import time: callers ask ``get_settings()`` (cached)
or build ``Settings(...)`` themselves, so tests pass their own.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from eduplan.errors import ConfigError

DEFAULT_SECRET = "dev-only-not-secret"


class Settings(BaseSettings):
    """Every field has a row in the README's settings table (a test checks it)."""

    model_config = SettingsConfigDict(env_prefix="EDUPLAN_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///eduplan.db",
        description="SQLAlchemy URL. Default: the file eduplan.db in the working directory.",
    )
    secret_key: str = Field(default=DEFAULT_SECRET, description="Signs session cookies and CSRF tokens.")
    env: Literal["dev", "prod"] = Field(default="dev", description="prod refuses the default secret.")
    log_level: str = Field(default="WARNING", description="Python logging level for operators.")
    data_dir: Path = Field(default=Path("var"), description="Where generated reports and uploads go.")
    max_file_mb: float = Field(default=20.0, description="Largest document or upload accepted, in MB.")
    stale_years: int = Field(default=2, description="Data older than as-of minus this is treated as stale.")
    login_rate_limit: int = Field(default=10, description="Failed logins allowed per user and IP per 5 minutes.")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    def check_for_production(self) -> None:
        """Refuse to run a production server with a guessable secret."""
        if self.env == "prod" and (not self.secret_key or self.secret_key == DEFAULT_SECRET):
            raise ConfigError(
                "生产环境必须设置会话密钥",
                hint="设置环境变量 EDUPLAN_SECRET_KEY 为一段足够长的随机字符串",
            )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
