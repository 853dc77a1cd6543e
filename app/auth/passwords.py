"""Password hashing and the password policy (OWASP ASVS V6 / NIST SP 800-63B).

Policy: 12 to 128 characters, no composition rules; refused when it is a common or breached
password (the 30,000 most frequent passwords shipped in the maintained ``zxcvbn`` package from
PyPI, also with a trailing run of digits or symbols removed) or when it contains the e-mail's
local part or the person's name.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_babel import gettext as _
from zxcvbn.frequency_lists import FREQUENCY_LISTS

from app.core.errors import ValidationError

MIN_PASSWORD = 12
MAX_PASSWORD = 128
_hashers: dict[tuple, PasswordHasher] = {}
_dummy_hashes: dict[tuple, str] = {}


def _hasher() -> PasswordHasher:
    """argon2id; the library's recommended cost unless ARGON2_* settings lower it (tests)."""
    cfg = current_app.config
    key = (cfg.get("ARGON2_TIME_COST"), cfg.get("ARGON2_MEMORY_COST"))
    if key not in _hashers:
        params = {"time_cost": key[0], "memory_cost": key[1]}
        _hashers[key] = PasswordHasher(**{k: v for k, v in params.items() if v})
    return _hashers[key]


def hash_password(password: str) -> str:
    """argon2id hash of a password."""
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Check a password against a hash in constant work: with no hash (unknown account) a dummy
    hash of the same cost is verified, so timing does not tell whether the account exists."""
    hasher = _hasher()
    if password_hash is None:
        key = (hasher.time_cost, hasher.memory_cost)
        if key not in _dummy_hashes:
            _dummy_hashes[key] = hasher.hash("dummy password for unknown accounts")
        password_hash = _dummy_hashes[key]
        try:
            hasher.verify(password_hash, password)
        except (VerificationError, InvalidHashError):
            pass
        return False
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Was this hash made with weaker parameters than the current ones."""
    return _hasher().check_needs_rehash(password_hash)


@cache
def _common() -> frozenset[str]:
    return frozenset(FREQUENCY_LISTS["passwords"])


def _fold(value: str) -> str:
    return unicodedata.normalize("NFKC", value).casefold()


def is_common(password: str) -> bool:
    """Is the password (or the password without its trailing digits/symbols) a common one."""
    folded = _fold(password)
    base = re.sub(r"[\d\W_]+$", "", folded)
    return folded in _common() or (len(base) >= 4 and base in _common())


def check_new_password(
    data: dict, field: str = "password", *, email: str = "", name: str = ""
) -> str:
    """Return the new password in ``data[field]`` or raise ValidationError naming the field."""
    value = data.get(field)
    if not isinstance(value, str) or len(value) < MIN_PASSWORD:
        raise ValidationError(
            _("%(field)s: at least %(n)d characters.", field=field, n=MIN_PASSWORD), field
        )
    if len(value) > MAX_PASSWORD:
        raise ValidationError(
            _("%(field)s: at most %(n)d characters.", field=field, n=MAX_PASSWORD), field
        )
    if is_common(value):
        raise ValidationError(
            _(
                "%(field)s: this password is one of the most common ones, which attackers "
                "try first; choose another (a few unrelated words work well).",
                field=field,
            ),
            field,
        )
    folded = _fold(value)
    local = _fold(email.split("@")[0]) if email else ""
    parts = [p for p in re.split(r"[\s.\-_']+", _fold(name)) if len(p) >= 4]
    if (len(local) >= 3 and local in folded) or any(p in folded for p in parts):
        raise ValidationError(
            _("%(field)s: must not contain your e-mail address or your name.", field=field),
            field,
        )
    return value
