"""Read and check the CORDIS files of ../shared/data: every used column of every row is parsed
before anything is written, and a malformed value stops the import with its file, line and
column (the line is the physical line where the record starts; objectives span several lines).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path

csv.field_size_limit(10_000_000)


class DataFileError(ValueError):
    """A file of the real data cannot be imported: says where and why."""

    def __init__(self, path: Path, line: int | None, column: str | None, message: str):
        self.path, self.line, self.column = path, line, column
        where = str(path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")


def text(value: str) -> str:
    """Any text, stripped."""
    return (value or "").strip()


def ident(value: str) -> str:
    """A CORDIS id (PIC, RCN): digits only."""
    value = (value or "").strip()
    if not value.isdigit():
        raise ValueError(f"{value!r} is not a numeric identifier")
    return value


def opt_ident(value: str) -> str | None:
    """An optional CORDIS id."""
    return ident(value) if (value or "").strip() else None


def day(value: str) -> date | None:
    """An ISO date (YYYY-MM-DD) or empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def money(value: str) -> Decimal | None:
    """An amount in EUR or empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        amount = Decimal(value).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not an amount") from None
    if not amount.is_finite():
        raise ValueError(f"{value!r} is not an amount")
    return amount


def flag(value: str) -> bool:
    """0/1 (also true/false); empty is false."""
    value = (value or "").strip().lower()
    if value in ("1", "true"):
        return True
    if value in ("", "0", "false"):
        return False
    raise ValueError(f"{value!r} is not 0 or 1")


def integer(value: str) -> int | None:
    """A whole number or empty."""
    value = (value or "").strip()
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValueError(f"{value!r} is not a whole number") from None


Spec = dict[str, Callable[[str], object]]

H2020_ORGS: Spec = {
    "pic": ident,
    "name": text,
    "short_name": text,
    "activity_type": text,
    "country": text,
    "city": text,
    "street": text,
    "it_comune": text,
    "it_provincia": text,
    "it_regione": text,
    "is_lombardy": lambda v: "1" if flag(v) else "0",
}
H2020_PROJECTS: Spec = {
    "rcn": ident,
    "cordis_url": text,
    "programme_parts": text,
    "is_health": flag,
    "start_date": day,
    "end_date": day,
    "ec_max_contribution": money,
    "total_cost": money,
    "coordinator_pic": opt_ident,
}
H2020_PARTS: Spec = {"rcn": ident, "pic": ident, "role": text, "ec_contribution": money}
H2020_TEXTS: Spec = {
    "rcn": ident,
    "grant_id": text,
    "acronym": text,
    "title": text,
    "teaser": text,
    "topic_code": text,
    "topic_title": text,
    "call": text,
    "funding_scheme": text,
}
HE_PROJECTS: Spec = {
    "rcn": ident,
    "grant_id": text,
    "acronym": text,
    "title": text,
    "objective": text,
    "keywords": text,
    "start_date": day,
    "end_date": day,
    "total_cost": money,
    "ec_max_contribution": money,
    "legal_basis": text,
    "programme_title": text,
    "topic": text,
    "topic_title": text,
    "master_call": text,
    "funding_scheme": text,
    "euroscivoc": text,
    "is_health": flag,
    "cordis_url": text,
}
HE_PARTS: Spec = {
    "rcn": ident,
    "pic": ident,
    "role": text,
    "order": integer,
    "activity_type": text,
    "country": text,
    "nuts_code": text,
    "department": text,
    "ec_contribution": money,
    "total_cost": money,
}
HE_ORGS: Spec = {
    "pic": ident,
    "legal_name": text,
    "short_name": text,
    "vat_number": text,
    "activity_type": text,
    "street": text,
    "postal_code": text,
    "city": text,
    "country": text,
    "nuts_code": text,
    "nuts_name": text,
    "region_name": text,
    "url": text,
}
PIC_ROR: Spec = {"pic": ident, "ror_id": text}


def read_checked(path: Path, spec: Spec) -> list[dict]:
    """Rows of a CSV file with the columns of ``spec`` parsed; DataFileError on bad input."""
    path = Path(path)
    try:
        fh = path.open(newline="", encoding="utf-8")
    except OSError as exc:
        raise DataFileError(path, None, None, f"cannot be read ({exc.strerror})") from None
    rows: list[dict] = []
    with fh:
        reader = csv.reader(fh)
        try:
            header = next(reader, None)
        except (csv.Error, UnicodeDecodeError) as exc:
            raise DataFileError(path, 1, None, str(exc)) from None
        if header is None:
            raise DataFileError(path, 1, None, "the file is empty (no header)")
        header = [h.strip().lstrip("\ufeff") for h in header]
        missing = [c for c in spec if c not in header]
        if missing:
            raise DataFileError(path, 1, missing[0], "column missing from the header")
        cols = [(c, header.index(c), parse) for c, parse in spec.items()]
        width = len(header)
        start = reader.line_num + 1
        while True:
            try:
                raw = next(reader)
            except StopIteration:
                break
            except (csv.Error, UnicodeDecodeError) as exc:
                raise DataFileError(path, start, None, str(exc)) from None
            if raw:
                if len(raw) != width:
                    raise DataFileError(
                        path, start, None, f"{len(raw)} fields where the header has {width}"
                    )
                row = {}
                for name, j, parse in cols:
                    try:
                        row[name] = parse(raw[j])
                    except ValueError as exc:
                        raise DataFileError(path, start, name, str(exc)) from None
                rows.append(row)
            start = reader.line_num + 1
    return rows
