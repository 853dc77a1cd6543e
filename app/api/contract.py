"""What the OpenAPI document says beyond each operation's own decorators, in one place.

After the blueprints are registered, every operation gets:
- ``security``: ``[{"bearerAuth": []}]`` when ``login_required_api`` guards it (with the roles
  it lets through in ``x-roles``), else ``[{}, {"bearerAuth": []}]`` (anonymous, or with a
  token that may show more);
- the error answers it can give, each with the one error envelope (``Error``): 400 always
  (unreadable request), 401/403 when a token is needed, 404 when the path names something,
  409 on writes (state machines, unique values), 413 when it takes a body, 422 when it takes
  parameters or a body, 429 where a limit applies;
- free-text strings of request bodies: the input layer's character rule as `pattern` (the
  services answer 422 naming the field otherwise);
- integer path parameters bounded by what an id column holds (larger ones answer 404), the
  page number of a list by what the services serve.

The pagination headers (`X-Pagination`, `Link`) are documented by `app.api.pagination`.
"""

from __future__ import annotations

from flask_smorest import Api
from marshmallow import Schema, fields

from app.api.pagination import MAX_PAGE, register_headers
from app.core.fields import BODY_TEXT, ONE_LINE_TEXT
from app.core.inputs import MAX_ID

ERROR_DESCRIPTIONS = {
    400: "The request cannot be read (malformed JSON, NUL bytes, JSON nested too deep, a bad "
    "parameter value).",
    401: "No valid token or session: send `Authorization: Bearer <token>` (the answer carries "
    "`WWW-Authenticate: Bearer`).",
    403: "Authenticated, but this role or organisation may not do it.",
    404: "Nothing by that id or slug (or not visible to the caller); ids beyond the column "
    "range are 404 too.",
    405: "Method not allowed on this path.",
    409: "Conflicts with the current state: an illegal state transition or a value already "
    "used (the field is named in `errors`).",
    413: "The body or upload is larger than the configured limit.",
    422: "Some fields are not valid: `errors` maps each field name to its messages.",
    429: "Too many requests: wait and try again (`Retry-After`).",
}
WRITES = {"post", "put", "patch", "delete"}
# Operations that apply a rate limit of their own (the messaging desk's hourly quota).
LIMITED = ("/api/v1/conversations", "/api/v1/desk")
PUBLIC_SECURITY = [{}, {"bearerAuth": []}]


class ErrorSchema(Schema):
    """The one error envelope of the API."""

    code = fields.Integer(required=True, metadata={"description": "HTTP status code"})
    status = fields.String(required=True, metadata={"description": "HTTP reason phrase"})
    message = fields.String(
        required=True, metadata={"description": "What went wrong, in the caller's language"}
    )
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        required=True,
        metadata={
            "description": "Field name (never translated; `_` for the request as a whole) to "
            "its messages; empty when no field is at fault"
        },
    )


def _error_ref(code: int) -> dict:
    return {"$ref": f"#/components/responses/Error{code}"}


def _codes(path: str, method: str, operation: dict) -> list[int]:
    codes = [400]
    if operation.get("security") and {} not in operation["security"]:
        codes += [401, 403]
    if "{" in path:
        codes.append(404)
    if method in WRITES:
        codes.append(409)
    if "requestBody" in operation:
        codes.append(413)
    has_args = "requestBody" in operation or any(
        p.get("in") in ("query", "path") for p in operation.get("parameters", [])
    )
    if has_args or "{" in path:
        codes.append(422)
    if method == "post" and path in LIMITED:
        codes.append(429)
    return codes


def _bound_params(item: dict) -> None:
    """Integer path parameters bounded by MAX_ID; free-text query parameters with the text
    rule of the input layer as their pattern."""
    for param in item.get("parameters", []):
        schema = param.get("schema", {})
        if param.get("in") == "path" and schema.get("type") == "integer":
            schema.setdefault("minimum", 0)
            schema.setdefault("maximum", MAX_ID)
        if param.get("in") == "query" and param.get("name") == "page":
            schema.setdefault("maximum", MAX_PAGE)  # the services refuse more, naming `page`
        if (
            param.get("in") == "query"
            and schema.get("type") == "integer"
            and schema.get("minimum", -1) >= 0
            and "maximum" not in schema
        ):
            schema["maximum"] = MAX_ID  # ids (and counts) beyond an INTEGER column
        free = not ({"enum", "pattern", "format"} & set(schema))
        if param.get("in") == "query" and schema.get("type") == "string" and free:
            schema["pattern"] = ONE_LINE_TEXT


def _free_text(schema: dict) -> bool:
    return schema.get("type") == "string" and not ({"enum", "pattern", "format"} & set(schema))


def _pattern_body_text(spec, schema: dict, seen: set) -> None:
    """Free-text string properties of a request body (followed through $ref, arrays, nested
    objects and allOf/oneOf/anyOf) get the character rule of the input layer as pattern."""
    if not isinstance(schema, dict):
        return
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        if name not in seen and name in spec.components.schemas:
            seen.add(name)
            _pattern_body_text(spec, spec.components.schemas[name], seen)
        return
    for prop in (schema.get("properties") or {}).values():
        if _free_text(prop) and not prop.get("readOnly"):
            prop["pattern"] = BODY_TEXT
        else:
            _pattern_body_text(spec, prop, seen)
    for key in ("items", "additionalProperties"):
        inner = schema.get(key)
        if isinstance(inner, dict):
            if _free_text(inner):
                inner["pattern"] = BODY_TEXT
            else:
                _pattern_body_text(spec, inner, seen)
    for key in ("allOf", "oneOf", "anyOf"):
        for inner in schema.get(key) or []:
            _pattern_body_text(spec, inner, seen)


def complete_spec(api: Api) -> None:
    """Add security, error answers and id bounds to every registered operation."""
    spec = api.spec
    spec.components.schema("ErrorEnvelope", schema=ErrorSchema)
    register_headers(spec)
    for code, text in ERROR_DESCRIPTIONS.items():
        spec.components.response(
            f"Error{code}",
            {
                "description": text,
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}
                },
            },
        )
    # apispec keeps the registered paths in `_paths` (there is no public way to amend an
    # operation after flask-smorest has registered it).
    body_schemas: set[str] = set()
    for path, item in spec._paths.items():  # noqa: SLF001
        _bound_params(item)
        for method, operation in item.items():
            if method not in ("get", "post", "put", "patch", "delete"):
                continue
            _bound_params(operation)
            for media in (operation.get("requestBody") or {}).get("content", {}).values():
                _pattern_body_text(spec, media.get("schema", {}), body_schemas)
            if "security" not in operation:
                operation["security"] = PUBLIC_SECURITY
                operation["x-roles"] = ["anonymous"]
            roles = operation.get("x-roles", [])
            line = (
                "Anonymous; a token may show more."
                if operation["security"] == PUBLIC_SECURITY
                else f"Needs a token (or a logged-in session); roles: {', '.join(roles)}."
            )
            operation["description"] = (
                f"{operation['description']}\n\n{line}" if operation.get("description") else line
            )
            responses = operation.setdefault("responses", {})
            for code in _codes(path, method, operation):
                responses[str(code)] = _error_ref(code)
            responses["default"] = {
                "description": "Any other error, in the same envelope.",
                "content": {
                    "application/json": {"schema": {"$ref": "#/components/schemas/ErrorEnvelope"}}
                },
            }
