"""Dataset permission checks, used by services and templates alike."""

from __future__ import annotations

from app.auth.permissions import is_authenticated, is_staff


def _member_of(user, org_id: int | None) -> bool:
    if not is_authenticated(user) or org_id is None:
        return False
    return any(m.org_id == org_id for m in user.memberships)


def can_publish_for(user, org) -> bool:
    """Members (owners or members) of an organisation publish datasets in its name."""
    return org is not None and _member_of(user, org.id)


def is_publisher(user, dataset) -> bool:
    """The user belongs to the organisation that publishes the dataset."""
    return dataset is not None and _member_of(user, dataset.publisher_org_id)


def can_edit_dataset(user, dataset) -> bool:
    """Publishers edit their datasets; region staff may correct any."""
    return is_publisher(user, dataset) or is_staff(user)


def can_certify(user) -> bool:
    """Region staff grant certification levels after review."""
    return is_staff(user)


def can_see_audit(user, dataset) -> bool:
    """Publishers see the audit trail of their datasets; staff see all."""
    return is_publisher(user, dataset) or is_staff(user)


def hides_urls(dataset) -> bool:
    """Distribution URLs of anything but public data are never shown."""
    return dataset.access_rights != "public"


def can_request_access(user, dataset) -> bool:
    """Logged-in users who are not the publisher may ask for restricted data."""
    return (
        is_authenticated(user)
        and dataset.access_rights == "restricted"
        and not is_publisher(user, dataset)
    )


def is_requester(user, req) -> bool:
    """The user wrote this access request."""
    return is_authenticated(user) and req.requester_id == user.id


def can_review_request(user, req) -> bool:
    """Members of the publishing organisation review the requests for its datasets."""
    return is_publisher(user, req.dataset)


def can_view_request(user, req) -> bool:
    """The requester always; the publisher's members and region staff once it is sent."""
    if is_requester(user, req):
        return True
    return req.status != "draft" and (can_review_request(user, req) or is_staff(user))
