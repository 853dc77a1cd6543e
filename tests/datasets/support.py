"""The datasets tests' builders now live in :mod:`tests.builders` (the one set of builders);
kept for the modules of other packages that import them from here."""

from tests.builders import (  # noqa: F401
    FULL,
    add_dist,
    approve,
    commit,
    complete_request,
    make_dataset,
    secret_url,
    utc_today,
)
