"""Settings read from environment variables, with defaults for a local install."""

import os
from dataclasses import dataclass, field, fields
from typing import Any, ClassVar


def env(name: str, default: Any, *, secret: bool = False) -> Any:
    """Declare a dataclass field filled from the environment variable ``name``.

    The type of ``default`` decides how the text is parsed. ``None`` as default
    means the variable is required.
    """
    return field(default=default, metadata={"env": name, "secret": secret})


def _parse(raw: str, default: Any, name: str) -> Any:
    if isinstance(default, bool):
        if raw.strip().lower() in {"1", "true", "yes", "on"}:
            return True
        if raw.strip().lower() in {"0", "false", "no", "off"}:
            return False
        raise ValueError(f"{name}={raw!r} is not a boolean (use true or false)")
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r} is not an integer") from None
    if isinstance(default, float):
        try:
            return float(raw)
        except ValueError:
            raise ValueError(f"{name}={raw!r} is not a number") from None
    return raw


@dataclass(frozen=True)
class BaseSettings:
    """Settings every service reads. Subclasses add their own ``env()`` fields."""

    default_port: ClassVar[int] = 8000

    host: str = env("HOST", "127.0.0.1")
    port: int = env("PORT", 0)
    workers: int = env("WORKERS", 1)
    log_level: str = env("LOG_LEVEL", "INFO")
    log_format: str = env("LOG_FORMAT", "text")
    auth_url: str = env("AUTH_URL", "http://127.0.0.1:8001")
    jwt_issuer: str = env("JWT_ISSUER", "http://localhost:8080")
    jwt_audience: str = env("JWT_AUDIENCE", "seguimiento-api")
    demo_data: bool = env("DEMO_DATA", True)
    request_max_size: int = env("REQUEST_MAX_SIZE", 1_048_576)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> "BaseSettings":
        """Build the settings from ``environ`` (default: the process environment)."""
        environ = os.environ if environ is None else environ
        values = {}
        for item in fields(cls):
            name = item.metadata.get("env")
            if name is None:
                continue
            raw = environ.get(name)
            if raw is None or raw == "":
                if item.default is None:
                    raise ValueError(f"missing required environment variable {name}")
                continue
            values[item.name] = _parse(raw, item.default, name)
        settings = cls(**values)
        if settings.port == 0:
            settings = cls(**{**values, "port": cls.default_port})
        if settings.log_format not in {"text", "json"}:
            raise ValueError(f"LOG_FORMAT={settings.log_format!r}: use text or json")
        return settings

    @classmethod
    def env_names(cls) -> dict[str, Any]:
        """Map each environment variable read to its default (None if required)."""
        return {
            item.metadata["env"]: item.default
            for item in fields(cls)
            if "env" in item.metadata
        }

    def describe(self) -> str:
        """Return the settings as text with every secret masked, for logs.

        ``repr()`` is not used for this, because each ``@dataclass`` subclass
        generates its own ``__repr__``, which would print the secrets.
        """
        shown = []
        for item in fields(self):
            value = getattr(self, item.name)
            if item.metadata.get("secret"):
                value = "***"
            shown.append(f"{item.name}={value!r}")
        return f"{type(self).__name__}({', '.join(shown)})"
