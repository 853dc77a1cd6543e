"""iCalendar (RFC 5545) for one course and for the feed of upcoming courses."""

from __future__ import annotations

from collections.abc import Iterable

from app.core.db import utcnow
from app.training.dates import aware
from app.training.models import Course

PRODID = "-//Regione Lombardia//Portale Innovazione Salute//IT"


def _escape(value: str) -> str:
    return (
        (value or "")
        .replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
    )


def _fold(line: str) -> list[str]:
    """Lines longer than 75 octets continue on the next line after a space (RFC 5545 3.1)."""
    out, current = [], b""
    for ch in line:
        b = ch.encode()
        if len(current) + len(b) > (75 if not out else 74):
            out.append(current.decode())
            current = b""
        current += b
    out.append(current.decode())
    return [out[0]] + [" " + x for x in out[1:]]


def _stamp(value) -> str:
    return aware(value).strftime("%Y%m%dT%H%M%SZ")


def _event(course: Course, base_url: str, host: str) -> list[str]:
    url = f"{base_url}/training/courses/{course.id}"
    location = course.place or course.online_url or ""
    lines = [
        "BEGIN:VEVENT",
        f"UID:course-{course.id}@{host}",
        f"DTSTAMP:{_stamp(utcnow())}",
        f"DTSTART:{_stamp(course.starts_at)}",
        f"DTEND:{_stamp(course.ends_at)}",
        f"SUMMARY:{_escape(course.title)}",
        f"DESCRIPTION:{_escape((course.summary or '') + chr(10) + url)}",
        f"URL:{url}",
        f"STATUS:{'CANCELLED' if course.status == 'cancelled' else 'CONFIRMED'}",
    ]
    if location:
        lines.append(f"LOCATION:{_escape(location)}")
    lines.append("END:VEVENT")
    return lines


def calendar(courses: Iterable[Course], base_url: str, name: str) -> str:
    """A VCALENDAR with one VEVENT per course, CRLF line ends, folded lines."""
    host = base_url.split("://", 1)[-1].split("/", 1)[0] or "portal"
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(name)}",
    ]
    for course in courses:
        lines += _event(course, base_url.rstrip("/"), host)
    lines.append("END:VCALENDAR")
    return "\r\n".join(x for line in lines for x in _fold(line)) + "\r\n"
