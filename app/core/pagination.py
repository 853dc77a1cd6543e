"""Offset pagination shared by pages and API."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select

from app.extensions import db


@dataclass
class Page:
    """One page of results with what the templates and the API need."""

    items: list
    page: int
    per_page: int
    total: int
    facets: dict = field(default_factory=dict)

    @property
    def pages(self) -> int:
        """Number of pages (at least 1)."""
        return max(1, -(-self.total // self.per_page))

    @property
    def has_prev(self) -> bool:
        """Is there a page before this one."""
        return self.page > 1

    @property
    def has_next(self) -> bool:
        """Is there a page after this one."""
        return self.page < self.pages


def paginate(query, page: int, per_page: int) -> Page:
    """Run `query` (a select) for one page, with the total count."""
    # Bounded so that the offset fits a 64-bit integer on every database.
    page = max(1, min(page, 1_000_000))
    per_page = max(1, min(per_page, 100))
    total = db.session.execute(
        select(func.count()).select_from(query.order_by(None).subquery())
    ).scalar_one()
    items = list(
        db.session.execute(query.limit(per_page).offset((page - 1) * per_page)).scalars().unique()
    )
    return Page(items=items, page=page, per_page=per_page, total=total)
