"""Configuration read from the environment (PORTAL_* variables, plus DATABASE_URL / SECRET_KEY)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
INSTANCE_DIR = Path(os.environ.get("PORTAL_INSTANCE_DIR", BASE_DIR / "instance"))


def _env(name: str, default: str | None = None) -> str | None:
    """Return PORTAL_<name>, or the bare <name>, or the default."""
    return os.environ.get(f"PORTAL_{name}", os.environ.get(name, default))


def _secret_key() -> str:
    """Use SECRET_KEY from the environment, else a random key kept in instance/ across restarts."""
    key = _env("SECRET_KEY")
    if key:
        return key
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def _hosts(value: str | None) -> list[str] | None:
    return [h.strip() for h in value.split(",") if h.strip()] if value else None


class Config:
    """Default (development / embedded) configuration."""

    # "production" turns on the start-up checks of check_production() (PORTAL_ENV).
    PORTAL_ENV = _env("ENV", "development")
    # Every absolute URL (mailed links, dataset IRIs) is built from this, never from Host:.
    PORTAL_BASE_URL = _env("BASE_URL", "http://localhost:5000")
    # Host names the portal answers to (Werkzeug refuses others with 400); in production it
    # defaults to the host of PORTAL_BASE_URL. Comma-separated.
    TRUSTED_HOSTS = _hosts(_env("TRUSTED_HOSTS"))
    # Number of proxies in front of the portal that set X-Forwarded-For / -Proto (0 = none):
    # the client address (rate limits, audit) and https are then read from them.
    PROXY_FIX_HOPS = int(_env("PROXY_FIX_HOPS", "0"))
    # Sessions end after this much inactivity, and this long after login whatever happens.
    SESSION_IDLE_MINUTES = int(_env("SESSION_IDLE_MINUTES", "30"))
    SESSION_MAX_HOURS = int(_env("SESSION_MAX_HOURS", "12"))
    # Per-account login throttling (app/auth/throttle.py): free failures, then a doubling wait.
    LOGIN_FREE_FAILURES = int(_env("LOGIN_FREE_FAILURES", "5"))
    LOGIN_BACKOFF_SECONDS = int(_env("LOGIN_BACKOFF_SECONDS", "30"))
    LOGIN_BACKOFF_MAX_SECONDS = int(_env("LOGIN_BACKOFF_MAX_SECONDS", "900"))
    # Request bodies: JSON nested deeper than this is refused with 400.
    JSON_MAX_DEPTH = 32

    SECRET_KEY = None  # filled in by load()
    SQLALCHEMY_DATABASE_URI = _env("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'portal.db'}")
    SQLALCHEMY_ENGINE_OPTIONS: dict = {}
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _env("COOKIE_SECURE", "0") == "1"
    REMEMBER_COOKIE_HTTPONLY = True
    WTF_CSRF_CHECK_DEFAULT = False  # checked in app.security so token-auth API calls can skip it
    WTF_CSRF_TIME_LIMIT = None
    BABEL_DEFAULT_LOCALE = "it"
    LANGUAGES = ("it", "en")
    RATELIMIT_STORAGE_URI = _env("RATELIMIT_STORAGE_URI", "memory://")
    RATELIMIT_ENABLED = True
    RATELIMIT_HEADERS_ENABLED = True
    LOGIN_RATE_LIMIT = _env("LOGIN_RATE_LIMIT", "10 per minute")
    MAIL_BACKEND = _env("MAIL_BACKEND", "outbox")  # outbox | smtp
    MAIL_OUTBOX_DIR = str(INSTANCE_DIR / "outbox")
    MAIL_SERVER = _env("MAIL_SERVER", "localhost")
    MAIL_PORT = int(_env("MAIL_PORT", "25"))
    MAIL_SENDER = _env("MAIL_SENDER", "portale@innovazione-salute.example")
    UPLOAD_DIR = str(INSTANCE_DIR / "uploads")
    MAX_CONTENT_LENGTH = int(_env("MAX_UPLOAD_MB", "10")) * 1024 * 1024
    MATCHING_MODEL = _env("MATCHING_MODEL")  # None = the bundled all-MiniLM-L6-v2
    MATCHING_RANKER_PATH = _env("MATCHING_RANKER_PATH")  # None = instance/ranker.json
    MATCHING_ENABLED = True
    # Build the in-memory matcher in a background thread at start-up, so that the first page
    # that needs it does not wait for it (`make run` turns it on; off for CLI commands/tests).
    MATCHING_WARMUP = _env("MATCHING_WARMUP", "0") == "1"
    # A request never builds the matcher: it gets the previous one while a background thread
    # builds the new one, or a "being prepared" page. The test suite builds it in the request
    # (deterministic pages); tests of the background path turn this off.
    MATCHING_BUILD_IN_REQUEST = False
    MATCHING_SNAPSHOT_PATH = _env("MATCHING_SNAPSHOT_PATH")  # None = instance/matcher.pkl
    PAGE_SIZE = 20
    # New conversations (and innovation-desk requests) one user may open per hour.
    MESSAGING_NEW_PER_HOUR = int(_env("MESSAGING_NEW_PER_HOUR", "10"))
    API_TITLE = "Lombardy Health Innovation Portal API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    OPENAPI_SWAGGER_UI_PATH = None  # our own docs page, no CDN
    API_SPEC_OPTIONS = {
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}}
    }

    @classmethod
    def load(cls) -> dict:
        """Return the settings as a dict, with the secret key resolved and SQLite tuned."""
        cfg = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        cfg["SECRET_KEY"] = cfg["SECRET_KEY"] or _secret_key()
        uri = cfg["SQLALCHEMY_DATABASE_URI"]
        if uri.startswith("postgres://"):
            uri = "postgresql+psycopg://" + uri[len("postgres://") :]
        elif uri.startswith("postgresql://"):
            uri = "postgresql+psycopg://" + uri[len("postgresql://") :]
        cfg["SQLALCHEMY_DATABASE_URI"] = uri
        if uri.startswith("sqlite"):
            cfg["SQLALCHEMY_ENGINE_OPTIONS"] = {"connect_args": {"timeout": 15}}
        return cfg


def check_production(cfg: dict) -> dict:
    """Refuse to start in production without the settings that keep it safe; fills in
    TRUSTED_HOSTS from PORTAL_BASE_URL. Returns the (possibly completed) settings."""
    if cfg.get("PORTAL_ENV") != "production":
        return cfg
    problems = []
    base = urlsplit(cfg.get("PORTAL_BASE_URL") or "")
    if base.scheme != "https" or not base.hostname or base.hostname == "localhost":
        problems.append("PORTAL_BASE_URL must be the portal's public https:// address")
    key_file = INSTANCE_DIR / "secret_key"
    generated = key_file.exists() and cfg.get("SECRET_KEY") == key_file.read_text().strip()
    if not cfg.get("SECRET_KEY") or generated:
        # A key generated per machine would differ between hosts (sessions, reset links).
        problems.append("SECRET_KEY must be set in the environment")
    if problems:
        raise RuntimeError("Production configuration incomplete: " + "; ".join(problems))
    if not cfg.get("TRUSTED_HOSTS"):
        cfg["TRUSTED_HOSTS"] = [base.hostname]
    cfg["SESSION_COOKIE_SECURE"] = True
    return cfg


class TestConfig(Config):
    """Settings for the test suite: the database URL is given by the fixture."""

    TESTING = True
    SECRET_KEY = "test-secret-key"
    RATELIMIT_ENABLED = False
    SESSION_COOKIE_SECURE = False
    # Cheaper argon2id for speed; production keeps the library's recommended cost.
    ARGON2_TIME_COST = 1
    ARGON2_MEMORY_COST = 8192
    # Messages raised outside a request (service calls in tests) read in English.
    BABEL_DEFAULT_LOCALE = "en"
    PORTAL_BASE_URL = "https://portale.test"
    # An after-commit callback that fails is logged in production; tests see the exception.
    UOW_RAISE_ERRORS = True
    MATCHING_BUILD_IN_REQUEST = True
