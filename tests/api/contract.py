"""schemathesis against /api/openapi.json with a bounded number of examples per operation.

Each request runs in its own application context (as in production: Flask-Login caches the
user in `g`, and a shared context would let one request's token authenticate the next).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import positive_data_acceptance

from app.extensions import db

METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE"]
WRITES = {"POST", "PUT", "PATCH", "DELETE"}


def bounded(examples: int):
    """Hypothesis settings: few examples, derandomised, no example database."""
    return settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        suppress_health_check=list(HealthCheck),
    )


def fresh_context_wsgi(app):
    """The app as a WSGI callable that gives every request its own application context."""

    def wsgi(environ, start_response):
        with app.app_context():
            return list(app(environ, start_response))

    return wsgi


@dataclass
class Outcome:
    """What a contract run found."""

    operations: int = 0
    cases: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    failures: list[str] = field(default_factory=list)
    # Operations for which no input of the asked kind exists (no parameters to break).
    nothing_to_generate: list[str] = field(default_factory=list)

    def add(self, other: Outcome) -> Outcome:
        """Sum of two runs."""
        self.operations += other.operations
        self.cases += other.cases
        for code, n in other.statuses.items():
            self.statuses[code] = self.statuses.get(code, 0) + n
        self.failures += other.failures
        self.nothing_to_generate += other.nothing_to_generate
        return self


def _checker(operation, mode, examples: int, headers, excluded: list, out: Outcome):
    """The hypothesis test of one operation (calls it, counts statuses, runs the checks)."""

    @given(case=operation.as_strategy(generation_mode=mode))
    @bounded(examples)
    def check(case):
        out.cases += 1
        response = case.call(headers=headers)
        out.statuses[response.status_code] = out.statuses.get(response.status_code, 0) + 1
        case.validate_response(response, excluded_checks=excluded, headers=headers)

    return check


def run_contract(
    app,
    headers: dict | None = None,
    *,
    area: str = r"^/api/",
    methods: list[str] | None = None,
    mode: GenerationMode = GenerationMode.POSITIVE,
    examples: int = 4,
) -> Outcome:
    """Run every selected operation; collect the failures instead of stopping at the first.

    Writes skip the positive-data acceptance check: a schema-valid body can still break a rule
    that spans fields or rows (an end before the start, an organisation the caller is not a
    member of), which the services answer with 422 naming the field. Every other check runs:
    no server error, a documented status code, the documented content type and schema (the
    error envelope included), 401 without a token where one is needed."""
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", fresh_context_wsgi(app))
    schema = schema.include(path_regex=area, method=methods or METHODS)
    out = Outcome()
    for result in schema.get_all_operations():
        operation = result.ok()
        out.operations += 1
        excluded = [positive_data_acceptance] if operation.method.upper() in WRITES else []

        try:
            _checker(operation, mode, examples, headers, excluded, out)()
        except Unsatisfiable:
            out.nothing_to_generate.append(operation.label)
        except BaseException as exc:  # noqa: BLE001  (collect every operation's failure)
            if isinstance(exc, KeyboardInterrupt):
                raise
            text = re.sub(r"\n\s*\n", "\n", str(exc))
            out.failures.append(f"{operation.label}: {text[:1200]}")
        db.session.rollback()
    return out
