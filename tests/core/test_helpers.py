"""Shared helpers: validators, pagination, slugs, CSV cells."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from app.auth.models import User
from app.core import validate
from app.core.errors import IllegalTransition, ValidationError, check_transition
from app.core.pagination import Page, paginate
from app.core.text import csv_safe, slugify
from app.extensions import db


@pytest.fixture
def ctx(app):
    """Validators translate their messages: run them as inside a request."""
    with app.test_request_context("/?lang=en"):
        yield


def _field_of(fn, *args, **kwargs) -> str:
    with pytest.raises(ValidationError) as exc:
        fn(*args, **kwargs)
    assert exc.value.message.startswith(f"{exc.value.field}:")
    return exc.value.field


def test_text(ctx):
    assert validate.text({"a": "  hi  "}, "a") == "hi"
    assert validate.text({}, "a") == "" and validate.text({"a": None}, "a") == ""
    assert _field_of(validate.text, {"a": 5}, "a") == "a"
    assert _field_of(validate.text, {"a": " "}, "a", required=True) == "a"
    assert _field_of(validate.text, {"a": "xyz"}, "a", max_len=2) == "a"


def test_email(ctx):
    assert validate.email({"email": "Ada@Example.ORG"}) == "ada@example.org"
    for bad in ("", "no-at", "a@b", "a@@b.it", 7):
        assert _field_of(validate.email, {"email": bad}) == "email"


def test_integer(ctx):
    assert validate.integer({"n": "7"}, "n", lo=1, hi=9) == 7
    assert validate.integer({"n": ""}, "n") is None
    for bad in ("x", True, [1], "0", "10"):
        assert _field_of(validate.integer, {"n": bad}, "n", lo=1, hi=9) == "n"
    assert _field_of(validate.integer, {}, "n", required=True) == "n"


def test_integer_refuses_fractions(ctx):
    """3.7 is not a TRL: it must be refused, not silently truncated to 3."""
    assert _field_of(validate.integer, {"n": 3.7}, "n", lo=1, hi=9) == "n"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("12500", "12500.00"),
        ("12500,5", "12500.50"),  # decimal comma (Italian)
        ("12500.50", "12500.50"),
        ("12.500,50", "12500.50"),  # Italian thousands
        ("12,500.50", "12500.50"),  # English thousands
        ("75,000", "75000.00"),  # a lone English thousands separator (English locale)
        ("1.250.000", "1250000.00"),
        ("€ 1.000,00", "1000.00"),
        ("12 500 EUR", "12500.00"),
        (12.5, "12.50"),
        (7, "7.00"),
        ("0", "0.00"),
    ],
)
def test_money_reads_italian_and_english_writing(ctx, given, expected):
    assert str(validate.parse_money(given, "budget")) == expected


@pytest.mark.parametrize(
    "given, says",
    [
        ("12.500", "thousands or decimals"),  # en: 12500 or 12.5? refused, not guessed
        ("1.2345", "two decimals"),  # never rounded silently
        ("-3", "negative"),
        ("-1.000,00", "negative"),
        ("1000000000000", "less than"),
        ("abc", "not an amount"),
        ("1e5", "not an amount"),
        ("nan", "not an amount"),
        ("1.234.56", "not an amount"),
        ("12,50.5", "not an amount"),
        (True, "not an amount"),
        ([1], "not an amount"),
    ],
)
def test_money_refuses_with_a_message_naming_the_problem(ctx, given, says):
    with pytest.raises(ValidationError) as exc:
        validate.parse_money(given, "budget")
    assert exc.value.field == "budget" and says in exc.value.message


def test_money_field_limit_and_required(ctx):
    assert validate.money({}, "cost") is None and validate.money({"cost": " "}, "cost") is None
    assert _field_of(validate.money, {}, "cost", required=True) == "cost"
    big = {"cost": "5000000000000"}
    assert _field_of(validate.money, big, "cost") == "cost"
    assert str(validate.money(big, "cost", limit=Decimal("1e14"))) == "5000000000000.00"


def test_money_message_in_italian(app):
    with app.test_request_context("/?lang=it"), pytest.raises(ValidationError) as exc:
        validate.parse_money("12,500", "budget")
    assert "può indicare migliaia o decimali" in exc.value.message and exc.value.field == "budget"


@pytest.mark.parametrize(
    "given, expected",
    [
        ("75.000", "75000.00"),
        ("1.000", "1000.00"),
        ("75.000 €", "75000.00"),
        ("75.000,00", "75000.00"),
    ],
)
def test_money_in_italian_reads_a_lone_dot_group_as_thousands(app, given, expected):
    """The site writes 75.000 € in Italian: the same text typed back must be 75000."""
    with app.test_request_context("/?lang=it"):
        assert str(validate.parse_money(given, "costo")) == expected
        with pytest.raises(ValidationError) as exc:
            validate.parse_money("75,000", "costo")  # 75 or 75000? still refused
        assert exc.value.field == "costo" and "costo" in exc.value.message


def test_choice(ctx):
    assert validate.choice({"c": "a"}, "c", ("a", "b")) == "a"
    assert validate.choice({}, "c", ("a", "b"), default="b") == "b"
    assert _field_of(validate.choice, {"c": "z"}, "c", ("a", "b")) == "c"
    assert _field_of(validate.choice, {}, "c", ("a",), required=True) == "c"


def test_string_list(ctx):
    assert validate.string_list({"l": "a, b ,, a"}, "l") == ["a", "b"]
    assert validate.string_list({"l": ["x", " y "]}, "l") == ["x", "y"]
    assert validate.string_list({}, "l") == []
    for bad in ({"l": [1]}, {"l": {"a": 1}}, {"l": ["x" * 81]}, {"l": ["a", "b", "c"]}):
        assert _field_of(validate.string_list, bad, "l", max_items=2) == "l"
    assert _field_of(validate.string_list, {"l": ["z"]}, "l", choices=("a",)) == "l"


def test_url(ctx):
    assert validate.url({"u": "https://example.org/x?y=1"}, "u") == "https://example.org/x?y=1"
    assert validate.url({"u": ""}, "u") is None
    for bad in ("ftp://x.org", "javascript:alert(1)", "example.org", "http://"):
        assert _field_of(validate.url, {"u": bad}, "u") == "u"


def test_url_refuses_spaces(ctx):
    """'https://my lab.it' is not an address: the link on the profile would be broken."""
    assert _field_of(validate.url, {"u": "https://my lab.it"}, "u") == "u"


def test_a_date(ctx):
    assert validate.a_date({"d": "2024-02-29"}, "d") == date(2024, 2, 29)
    for bad in ("2023-02-29", "yesterday", "31/12/2024"):
        assert _field_of(validate.a_date, {"d": bad}, "d") == "d"


def test_validators_work_outside_a_request(app):
    """CLI commands (imports, seeding) call services with no request: errors must still be
    ValidationError with their message, not a RuntimeError from the locale selector."""
    with pytest.raises(ValidationError):
        validate.text({"a": 5}, "a")


def test_check_transition(ctx):
    table = {"draft": {"open"}, "open": {"closed"}}
    check_transition(table, "draft", "open", "challenge")
    with pytest.raises(IllegalTransition) as exc:
        check_transition(table, "draft", "closed", "challenge")
    assert exc.value.status == 409


def test_page_arithmetic():
    assert Page(items=[], page=1, per_page=20, total=0).pages == 1
    page = Page(items=[], page=2, per_page=20, total=41)
    assert page.pages == 3 and page.has_prev and page.has_next
    assert not Page(items=[], page=3, per_page=20, total=41).has_next


def test_paginate_clamps(app, make_user):

    for i in range(3):
        make_user(f"p{i}@example.org")
    query = db.select(User).order_by(User.id)
    page = paginate(query, 0, 1000)
    assert page.page == 1 and page.per_page == 100 and page.total == 3 and len(page.items) == 3
    assert len(paginate(query, 2, 2).items) == 1


def test_slugify():
    assert slugify("Università degli Studi di Pavia") == "universita-degli-studi-di-pavia"
    assert slugify("  --  ") == "org"
    assert slugify("A" * 200) == "a" * 80
    assert slugify("Ospedale San Raffaele S.r.l.") == "ospedale-san-raffaele-s-r-l"


def test_csv_safe():
    for cell in ("=SUM(A1)", "+1", "-1", "@cmd", "\tx"):
        assert csv_safe(cell).startswith("'")
    assert csv_safe("plain") == "plain" and csv_safe(5) == 5
