"""One input-normalisation layer for every request (issue 17 item 9).

- Ids: the ``int`` URL converter and :func:`as_id` accept ASCII digits up to the largest value
  an INTEGER column holds on both databases (2**31 - 1); anything else is "not found" (404),
  never an overflow in the driver (a 500 on SQLite above 2**63, on PostgreSQL above 2**31).
- Text: NUL bytes and lone surrogates are refused anywhere in the query string, the form, the
  URL and JSON bodies (PostgreSQL cannot store them and SQLite stored them); JSON nested deeper
  than JSON_MAX_DEPTH is refused before it is parsed. Each answer is 400 naming the field.
- :func:`clean_text` (used by ``app.core.validate.text``) NFC-normalises and refuses control,
  bidirectional-override and invisible characters with a message naming the field.
"""

from __future__ import annotations

import unicodedata

from flask import Flask, current_app, request
from flask_babel import gettext as _
from werkzeug.routing import IntegerConverter

from app.core.errors import ServiceError, ValidationError

MAX_ID = 2**31 - 1

# Right-to-left/left-to-right overrides, embeddings and isolates: they reorder what a reader
# sees (a name can display as something else), and invisible characters that hide inside names.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F)}
_INVISIBLE = {"\u200b", "\u2060", "\ufeff", "\u00ad", "\u180e"}


class BadInput(ServiceError):
    """The request itself cannot be read (400), e.g. a NUL byte or JSON nested too deep."""

    status = 400


class BoundedIntConverter(IntegerConverter):
    """``<int:...>`` that matches only ids a database column can hold (else the route is a 404)."""

    def __init__(self, map, *args, **kwargs):  # noqa: A002 - Werkzeug's signature
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def as_id(value) -> int | None:
    """An id from an int or a string of ASCII digits within range; None otherwise (``"³"``,
    ``"-1"``, ``"99999999999"`` and booleans are not ids)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if 0 < value <= MAX_ID else None
    if isinstance(value, str):
        value = value.strip()
        if value.isascii() and value.isdigit() and len(value) <= 10:
            number = int(value)
            return number if 0 < number <= MAX_ID else None
    return None


def _bad_char(value: str) -> str | None:
    """Why a text cannot be stored at all: a NUL byte or a lone surrogate."""
    if "\x00" in value:
        return _("contains a NUL character, which cannot be stored.")
    if any(0xD800 <= ord(ch) <= 0xDFFF for ch in value):
        return _("contains an invalid character (a lone surrogate).")
    return None


def clean_text(value: str, field: str, *, multiline: bool = True) -> str:
    """NFC-normalised text; control, bidi-override and invisible characters refused."""
    why = _bad_char(value)
    if why:
        raise ValidationError(f"{field}: {why}", field)
    value = unicodedata.normalize("NFC", value)
    allowed = "\t\n\r" if multiline else "\t"
    for ch in value:
        if ch in _BIDI:
            raise ValidationError(
                _(
                    "%(field)s: contains a character that reverses the direction of the text "
                    "(U+%(code)04X); remove it.",
                    field=field,
                    code=ord(ch),
                ),
                field,
            )
        if ch in _INVISIBLE or (unicodedata.category(ch) == "Cc" and ch not in allowed):
            raise ValidationError(
                _(
                    "%(field)s: contains an invisible or control character (U+%(code)04X); "
                    "remove it.",
                    field=field,
                    code=ord(ch),
                ),
                field,
            )
    return value


def json_depth(raw: bytes) -> int:
    """The nesting depth of a JSON text, read without parsing it (so without recursion)."""
    depth = deepest = 0
    in_string = escaped = False
    for byte in raw:
        if in_string:
            if escaped:
                escaped = False
            elif byte == 0x5C:  # backslash
                escaped = True
            elif byte == 0x22:
                in_string = False
        elif byte == 0x22:
            in_string = True
        elif byte in (0x5B, 0x7B):
            depth += 1
            deepest = max(deepest, depth)
        elif byte in (0x5D, 0x7D):
            depth -= 1
    return deepest


def _walk(value, path: str):
    """(path, text) for every string key or value inside a parsed JSON document."""
    stack = [(path, value)]
    while stack:
        where, item = stack.pop()
        if isinstance(item, str):
            yield where, item
        elif isinstance(item, dict):
            for k, v in item.items():
                name = f"{where}.{k}" if where else str(k)
                yield name, str(k)
                stack.append((name, v))
        elif isinstance(item, list):
            stack.extend((f"{where}[{i}]", v) for i, v in enumerate(item))


def _refuse(field: str, why: str) -> None:
    raise BadInput(f"{field}: {why}", field)


def check_request() -> None:
    """Refuse what no field may contain, before any view or service sees it."""
    pairs = [*(request.view_args or {}).items(), *request.args.items(multi=True)]
    for key, value in pairs:
        if isinstance(value, str) and (why := _bad_char(value) or _bad_char(key)):
            _refuse(key, why)
    if request.method in ("GET", "HEAD", "OPTIONS"):
        return
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        for key, value in request.form.items(multi=True):
            if why := _bad_char(value) or _bad_char(key):
                _refuse(key, why)
    elif request.is_json:
        raw = request.get_data(cache=True)
        limit = current_app.config.get("JSON_MAX_DEPTH", 32)
        if json_depth(raw) > limit:
            _refuse("_", _("the JSON body is nested more than %(n)d levels deep.", n=limit))
        data = request.get_json(silent=True)
        for where, text in _walk(data, ""):
            if why := _bad_char(text):
                _refuse(where or "_", why)


def register_input_checks(app: Flask) -> None:
    """Bounded ids in every ``<int:...>`` route (call before the blueprints are registered) and
    the request checks."""
    app.url_map.converters["int"] = BoundedIntConverter
    app.before_request(check_request)
