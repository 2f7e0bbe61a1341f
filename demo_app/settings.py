"""How a demo app instance is configured: command line or environment, then frozen."""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

#: Uploads above this size are refused (Dropzone checks it too, in MiB).
MAX_UPLOAD_MB = 12
ACCEPTED_TYPES = (".txt", ".csv", ".log", ".png", ".jpg", ".jpeg", ".pdf", ".bin")
#: Limits every request is held to (docs/demo-app.md lists them).
NAME_MAX = 80
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
CSV_MAX_BYTES = 1024 * 1024
CSV_MAX_ROWS = 1000
CASES_PER_PROJECT_MAX = 2000
#: The most latency or jitter (ms) an instance accepts, from any source.
LATENCY_MAX_MS = 10_000


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SystemExit(f"{name}={raw!r} is not a whole number of milliseconds") from None
    if not 0 <= value <= LATENCY_MAX_MS:
        raise SystemExit(f"{name}={raw!r} must be from 0 to {LATENCY_MAX_MS} milliseconds")
    return value


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    latency_ms: int = 200
    jitter_ms: int = 200
    test_mode: bool = False
    secret_key: str = field(default_factory=lambda: secrets.token_hex(32), repr=False)
    admin_password: str = field(default="admin-pass-1", repr=False)
    #: True when ``data_dir`` is a temporary folder made for this instance: removed on exit.
    temporary: bool = False

    def __post_init__(self) -> None:
        for name in ("latency_ms", "jitter_ms"):
            value = getattr(self, name)
            if not 0 <= value <= LATENCY_MAX_MS:
                raise ValueError(f"{name} must be from 0 to {LATENCY_MAX_MS}, got {value!r}")

    def remove_temporary_data(self) -> None:
        """Delete the data folder if this instance made it as a temporary one."""
        if self.temporary:
            shutil.rmtree(self.data_dir, ignore_errors=True)

    @classmethod
    def from_env(cls, **overrides: object) -> Settings:
        """Defaults, then DEMO_* environment variables, then ``overrides``."""
        values: dict[str, object] = {
            "latency_ms": _env_int("DEMO_LATENCY_MS", 200),
            "jitter_ms": _env_int("DEMO_JITTER_MS", 200),
            "test_mode": os.environ.get("DEMO_TEST_MODE", "") in ("1", "true", "yes"),
        }
        data_dir = os.environ.get("DEMO_DATA_DIR")
        if os.environ.get("DEMO_SECRET_KEY"):
            values["secret_key"] = os.environ["DEMO_SECRET_KEY"]
        values.update({k: v for k, v in overrides.items() if v is not None})
        if "data_dir" not in values and data_dir:
            values["data_dir"] = Path(data_dir)
        elif "data_dir" not in values:
            values["data_dir"] = Path(tempfile.mkdtemp(prefix="demo-app-"))
            values["temporary"] = True
        values["data_dir"] = Path(str(values["data_dir"]))
        return cls(**values)  # type: ignore[arg-type]

    @property
    def database(self) -> Path:
        return self.data_dir / "demo.sqlite3"

    @property
    def uploads(self) -> Path:
        return self.data_dir / "uploads"
