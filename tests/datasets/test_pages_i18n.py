"""Datasets pages in Italian (default) and English."""

from __future__ import annotations

from tests.builders import add_dist, commit, complete_request, make_dataset
from tests.conftest import post_form


def test_catalogue_and_dataset_pages_in_both_languages(client, make_user, make_org):
    owner = make_user("i18n@example.org")
    org = make_org(owner, "IRCCS Lingue", kind="research_hospital")
    ds = make_dataset(owner, org, "i18n:ds", access_rights="restricted")
    add_dist(owner, ds)
    commit()
    it = client.get("/datasets?lang=it").get_data(as_text=True)
    assert "Catalogo dei dataset sanitari" in it and "Diritti di accesso" in it
    assert "Riservato (su richiesta)" in it and "1 dataset" in it
    page = client.get(f"/datasets/{ds.id}?lang=it").get_data(as_text=True)
    assert "Distribuzioni" in page and "Riservato: serve una richiesta di accesso approvata" in page
    assert "Dataset i18n:ds" in page  # the Italian title in Italian
    en = client.get(f"/datasets/{ds.id}?lang=en").get_data(as_text=True)
    assert "Distributions" in en and "Restricted: needs an approved access request" in en
    assert "Heart failure registry" in en  # English title when the locale is English
    rules = client.get("/datasets/quality?lang=it").get_data(as_text=True)
    assert "Punteggio di qualità dei metadati" in rules


def test_openapi_documents_the_datasets_api(client):
    spec = client.get("/api/openapi.json").get_json()
    paths = set(spec["paths"])
    for p in (
        "/api/v1/datasets",
        "/api/v1/datasets/{dataset_id}/duo-check",
        "/api/v1/datasets/access-requests/{request_id}/transitions",
    ):
        assert p in paths
    assert client.get("/api/docs").status_code == 200


def test_requester_sees_own_requests_and_italian_errors(client, as_user, make_user, make_org):

    owner = make_user("own@example.org")
    org = make_org(owner, "IRCCS Richieste", kind="research_hospital")
    ds = make_dataset(owner, org, "i18n:req", access_rights="restricted")
    requester = make_user("rq@example.org")
    req = complete_request(requester, ds)
    commit()
    as_user(requester)
    html = client.get(f"/datasets/{ds.id}?lang=it").get_data(as_text=True)
    assert 'id="my-requests"' in html and f"Richiesta di accesso n. {req.id}" in html
    resp = post_form(
        client,
        f"/access-requests/{req.id}/step/2?lang=it",
        {"period_start": "2030-05-01", "period_end": "2030-01-01"},
    )
    assert resp.status_code == 422
    assert "deve coincidere con l&#39;inizio del periodo o seguirlo" in resp.get_data(as_text=True)


def test_request_history_in_italian_time(client, as_user, make_user, make_org):
    # The history is stored in UTC ('at' ISO strings); the page shows Rome time, not "UTC".
    owner = make_user("own@example.org")
    org = make_org(owner, "IRCCS Storia", kind="research_hospital")
    ds = make_dataset(owner, org, "i18n:hist", access_rights="restricted")
    requester = make_user("rq@example.org")
    req = complete_request(requester, ds)
    req.history = [{"status": "draft", "at": "2026-06-01T10:00:00", "by": "Rq", "note": ""}]
    commit()
    as_user(requester)
    it = client.get(f"/access-requests/{req.id}?lang=it").get_data(as_text=True)
    assert "1 giu 2026, 12:00" in it and "UTC" not in it
    en = client.get(f"/access-requests/{req.id}?lang=en").get_data(as_text=True)
    assert "1 Jun 2026" in en and "2026-06-01T10:00:00" not in en


def test_quality_rules_page_shows_fractional_points(client):
    # The catalogue's points per indicator are Fractions (40/3): formatted, never a 500.
    assert client.get("/datasets/quality/mqa?lang=it").status_code == 200
    assert client.get("/datasets/quality/mqa?lang=en").status_code == 200


def test_dataset_counts_and_sizes_in_the_readers_format(client, make_user, make_org):
    # "Record / individui 184000 / 23500" and "2.4 GB" on the Italian page before (page walk).
    owner = make_user("sizes@example.org")
    org = make_org(owner, "IRCCS Misure", kind="research_hospital")
    ds = make_dataset(
        owner, org, "i18n:sizes", number_of_records=184000, number_of_individuals=23500
    )
    dist = add_dist(owner, ds)
    dist.byte_size = 2_400_000_000
    commit()
    it = client.get(f"/datasets/{ds.id}?lang=it").get_data(as_text=True)
    assert "184.000 / 23.500" in it and "2,4\u00a0GB" in it and "184000" not in it
    en = client.get(f"/datasets/{ds.id}?lang=en").get_data(as_text=True)
    assert "184,000 / 23,500" in en and "2.4\u00a0GB" in en
