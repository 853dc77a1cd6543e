"""The organisation directory: search, facets, filters, pagination, sorting, odd queries."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import event

from app.extensions import db
from app.orgs import services
from app.orgs.directory import MAX_PAGES
from app.orgs.models import Organisation
from app.projects.models import FundedProject, FundingCall, ProjectPartner
from tests.auth.helpers import english, flashes, text_of


@pytest.fixture
def eco(make_user, make_org):
    """Four organisations with distinct kinds, places, areas and TRL ranges."""
    owner = make_user("eco@example.org")
    orgs = {
        "alpha": make_org(
            owner,
            "Alpha Genomics",
            "startup",
            province="MI",
            city="Milano",
            areas=["genomics"],
            competences=["bioinformatics", "long reads"],
            trl_min=3,
            trl_max=6,
            description="Sequencing for rare diseases",
        ),
        "beta": make_org(
            owner,
            "Beta Hospital",
            "research_hospital",
            province="BG",
            city="Bergamo",
            areas=["diagnostics", "clinical_data"],
            trl_min=5,
            trl_max=9,
            description="IRCCS with a strong cardiology department",
        ),
        "gamma": make_org(
            owner,
            "Gamma University",
            "university",
            province="PV",
            city="Pavia",
            areas=["drug_discovery"],
            trl_min=1,
            trl_max=4,
            description="Molecular pharmacology",
            offers="Wet lab capacity",
        ),
        "delta": make_org(
            owner,
            "Delta Devices",
            "company",
            province="MI",
            city="Milano",
            areas=["medical_devices", "diagnostics"],
            trl_min=6,
            trl_max=9,
            seeks="Clinical validation partners",
        ),
    }
    staff = make_user("verifier@example.org", role="staff")
    services.set_verified(staff, orgs["alpha"], True)
    db.session.commit()
    return orgs


def _search(**params):
    return services.search_orgs(services.parse_search(params))


def _names(page) -> list[str]:
    return [o.name for o in page.items]


def _listed(resp) -> list[str]:
    """Organisation names listed as result cards on a directory page."""
    return re.findall(
        r'<h3 class="card-title h5"><a href="/orgs/[^"]+">([^<]+)</a>', resp.get_data(as_text=True)
    )


# --- full-text search -------------------------------------------------------------------------


SEARCHES = [
    ("alpha", ["Alpha Genomics"]),  # name
    ("CARDIOLOGY", ["Beta Hospital"]),  # description, any case
    ("bioinformatics", ["Alpha Genomics"]),  # competences
    ("pavia", ["Gamma University"]),  # city
    ("milano", ["Alpha Genomics", "Delta Devices"]),
    ("wet lab", ["Gamma University"]),  # offers, every word must match
    ("validation", ["Delta Devices"]),  # seeks
    ("milano genomics", ["Alpha Genomics"]),  # words combine with AND
]


def test_text_search(eco):
    got = {q: _names(_search(q=q, sort="name")) for q, _expected in SEARCHES}
    assert got == dict(SEARCHES)


def test_search_on_the_page(client, eco):
    english(client)
    resp = client.get("/orgs?q=cardiology")
    assert resp.status_code == 200
    assert _listed(resp) == ["Beta Hospital"]
    assert "1 organisation" in text_of(resp)
    assert 'value="cardiology"' in resp.get_data(as_text=True)  # the box keeps the query


def test_search_matches_accented_competences(make_user, make_org):
    """Italian text: a competence with an accent must be found by the same word."""
    owner = make_user("acc@example.org")
    make_org(owner, "Qualis Lab", "startup", competences=["qualità dei dati", "interoperabilità"])
    assert _names(_search(q="qualità")) == ["Qualis Lab"]
    assert _names(_search(q="interoperabilità")) == ["Qualis Lab"]


def test_search_treats_like_wildcards_literally(eco):
    assert _names(_search(q="%")) == []
    assert _names(_search(q="_")) == []


def test_text_search_counts_are_kept_until_an_organisation_is_saved(eco, make_user, make_org):
    """A repeated search counts its matches once (a text query's counts are linear in the
    matches), and a saved organisation makes the kept counts current again."""
    statements: list[str] = []

    def on_execute(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", on_execute)
    try:
        first = _search(q="milano")
        counted = sum("count(" in st.lower() for st in statements)
        again = _search(q="milano")
    finally:
        event.remove(db.engine, "before_cursor_execute", on_execute)
    assert again.total == first.total == 2 and again.facets == first.facets
    assert counted >= 2  # groups and areas, the first time
    assert sum("count(" in st.lower() for st in statements) == counted  # none the second time
    make_org(make_user("new@example.org"), "Epsilon Milano Lab", "startup", city="Milano")
    assert _search(q="milano").total == 3


# --- facets -----------------------------------------------------------------------------------


def test_facet_counts(eco):
    facets = _search().facets
    assert dict(facets["kind"]) == {
        "startup": 1,
        "research_hospital": 1,
        "university": 1,
        "company": 1,
    }
    assert dict(facets["province"]) == {"MI": 2, "BG": 1, "PV": 1}
    assert dict(facets["area"]) == {
        "genomics": 1,
        "diagnostics": 2,
        "clinical_data": 1,
        "drug_discovery": 1,
        "medical_devices": 1,
    }
    assert dict(facets["verified"]) == {"1": 1, "0": 3}


def test_facet_counts_follow_the_other_filters(eco):
    facets = _search(province="MI").facets
    assert dict(facets["kind"]) == {"startup": 1, "company": 1}
    # The province facet ignores its own filter so the visitor can switch province.
    assert dict(facets["province"]) == {"MI": 2, "BG": 1, "PV": 1}
    assert dict(_search(area="diagnostics").facets["kind"]) == {
        "research_hospital": 1,
        "company": 1,
    }


def test_trl_facet_has_counts(eco):
    """TRL is a facet like the others: each level with the number of organisations covering it."""
    facets = _search().facets
    assert "trl" in facets, "no TRL facet counts"
    trl = {str(k): n for k, n in facets["trl"]}
    assert trl["1"] == 1 and trl["5"] == 2 and trl["6"] == 3 and trl["9"] == 2


def test_facets_on_the_page(client, eco):
    english(client)
    body = text_of(client.get("/orgs"))
    assert "Start-up (1)" in body
    assert "Diagnostics (2)" in body
    assert "MI (2)" in body
    assert "verified (1)" in body and "not verified (3)" in body


FILTERS = [
    ({"kind": "startup"}, ["Alpha Genomics"]),
    ({"area": "diagnostics"}, ["Beta Hospital", "Delta Devices"]),
    ({"province": "PV"}, ["Gamma University"]),
    ({"trl": "5"}, ["Alpha Genomics", "Beta Hospital"]),
    ({"trl": "2"}, ["Gamma University"]),
    ({"verified": "1"}, ["Alpha Genomics"]),
    ({"verified": "0"}, ["Beta Hospital", "Delta Devices", "Gamma University"]),
    ({"province": "MI", "kind": "company"}, ["Delta Devices"]),
    ({"area": "diagnostics", "trl": "6"}, ["Beta Hospital", "Delta Devices"]),
    ({"q": "milano", "area": "genomics", "verified": "1"}, ["Alpha Genomics"]),
    ({"province": "MI", "kind": "university"}, []),
]


def test_filters_on_the_page(client, eco):
    got = {}
    for params, expected in FILTERS:
        resp = client.get("/orgs", query_string=params)
        assert resp.status_code == 200
        got[str(params)] = (_listed(resp), expected)
    assert {k: v for k, v in got.items() if v[0] != v[1]} == {}


# --- pagination and sorting -------------------------------------------------------------------


def test_pagination(client, eco):
    english(client)
    first = _search(per_page=2)
    assert first.total == 4 and first.pages == 2 and len(first.items) == 2
    second = _search(per_page=2, page=2)
    assert set(_names(first)) | set(_names(second)) == {o.name for o in eco.values()}
    assert _names(_search(per_page=2, page=3)) == []
    resp = client.get("/orgs?per_page=2&page=2")
    assert _listed(resp) == _names(second)
    body = text_of(resp)
    assert "Page 2 of 2" in body and "4 organisations" in body
    assert "page=1" in body  # a link back


def test_page_links_keep_the_filters(client, make_user, make_org):
    owner = make_user("many@example.org")
    for i in range(3):
        make_org(owner, f"Org {i}", "company", province="CO")
    make_org(owner, "Elsewhere", "company", province="VA")
    body = client.get("/orgs?province=CO&per_page=2").get_data(as_text=True)
    nxt = re.search(r'href="(/orgs\?[^"]*page=2[^"]*)"', body)
    assert nxt and "province=CO" in nxt.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    "sort,expected",
    [
        ("name", ["Alpha Genomics", "Beta Hospital", "Delta Devices", "Gamma University"]),
        ("-name", ["Gamma University", "Delta Devices", "Beta Hospital", "Alpha Genomics"]),
        ("newest", ["Delta Devices", "Gamma University", "Beta Hospital", "Alpha Genomics"]),
    ],
)
def test_sorting(client, eco, sort, expected):
    assert _listed(client.get(f"/orgs?sort={sort}")) == expected


def test_recently_updated_first(client, eco, make_user):
    staff = make_user("upd@example.org", role="staff")
    services.update_org(staff, eco["gamma"], {"city": "Pavia"})
    db.session.commit()
    assert _listed(client.get("/orgs?sort=updated"))[0] == "Gamma University"


# --- empty and no-result searches read well ---------------------------------------------------


def test_empty_search_lists_everything(client, eco):
    english(client)
    resp = client.get("/orgs?q=")
    assert resp.status_code == 200
    assert len(_listed(resp)) == 4
    assert "4 organisations" in text_of(resp)
    assert "No organisation matches" not in text_of(resp)


def test_no_results_say_so(client, eco):
    english(client)
    resp = client.get("/orgs?q=zebrafish+quantum")
    assert resp.status_code == 200
    body = text_of(resp)
    assert _listed(resp) == []
    assert "No organisation matches" in body
    assert "0 organisations" in body
    assert "Show all organisations" in body


def test_empty_directory_reads_well(client):
    english(client)
    resp = client.get("/orgs")
    assert resp.status_code == 200
    assert "No organisation matches" in text_of(resp)


# --- odd query strings: a clear message, never a 500 ------------------------------------------


BAD_QUERIES = [
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=abc", "page"),
    ("per_page=1000", "per_page"),
    ("per_page=0", "per_page"),
    ("trl=abc", "trl"),
    ("trl=0", "trl"),
    ("trl=10", "trl"),
    ("kind=spaceship", "kind"),
    ("area=astrology", "area"),
    ("verified=maybe", "verified"),
    ("sort=random", "sort"),
    ("q=" + "x" * 300, "q"),
]


def test_bad_query_gets_a_message_naming_the_parameter(client, eco):
    english(client)
    problems = []
    for query, field in BAD_QUERIES:
        resp = client.get(f"/orgs?{query}")
        messages = flashes(resp)
        if resp.status_code != 200 or not any(m.startswith(f"{field}:") for m in messages):
            problems.append((query, resp.status_code, messages))
    assert problems == []


# --- issue 14/18: relevance, activity, research topics, bounded pages --------------------------


def _cordis_project(title: str, partners, topic: str | None = None, keywords=()):
    """An imported project with its partners, as the CORDIS import writes it (ORM rows)."""
    call = db.session.execute(
        db.select(FundingCall).where(FundingCall.code == "H2020")
    ).scalar_one_or_none() or FundingCall(
        programme="H2020", code="H2020", title="Horizon 2020", source="cordis"
    )
    p = FundedProject(
        call=call,
        acronym=title.split()[0].upper(),
        title=title,
        source="cordis",
        external_id=title,
        topic_title=topic,
        keywords=list(keywords),
    )
    db.session.add(p)
    db.session.flush()
    for org in partners:
        db.session.add(ProjectPartner(project_id=p.id, org_id=org.id))
    db.session.flush()
    return p


@pytest.fixture
def imported(eco):
    """Two imported organisations, found by the texts of their CORDIS projects only."""
    orgs = {
        name: Organisation(
            slug=name.lower().replace(" ", "-"),
            name=name,
            kind="company",
            source="cordis",
            external_id=name,
            region="Lombardia",
            competences=[],
        )
        for name in ("Omega Srl", "Sigma Spa")
    }
    db.session.add_all(orgs.values())
    db.session.flush()
    _cordis_project(
        "Photoacoustic tomography for breast tumours",
        [orgs["Omega Srl"], orgs["Sigma Spa"]],
        topic="Advanced imaging for oncology",
    )
    _cordis_project(
        "Federated learning on hospital records",
        [orgs["Sigma Spa"]],
        keywords=["federated learning"],
    )
    db.session.commit()
    return orgs


def test_imported_organisations_found_by_their_project_topics(imported):
    assert _names(_search(q="photoacoustic", sort="name")) == ["Omega Srl", "Sigma Spa"]
    assert _names(_search(q="oncology imaging", sort="name")) == ["Omega Srl", "Sigma Spa"]
    assert _names(_search(q="federated")) == ["Sigma Spa"]


def test_sort_by_activity(imported):
    # Sigma: 2 projects, Omega: 1, the portal profiles none (then by name).
    assert _names(_search(sort="activity"))[:3] == ["Sigma Spa", "Omega Srl", "Alpha Genomics"]
    assert {o.name: o.project_count for o in _search(sort="activity").items}["Sigma Spa"] == 2


def test_relevance_is_the_default_when_searching(client, eco):
    # "genomics" is Alpha's name (weighted above the rest of the text) and Beta has it nowhere.
    params = services.parse_search({"q": "genomics"})
    assert params["sort"] == "relevance" and services.parse_search({})["sort"] == "name"
    html = client.get("/orgs?q=genomics").get_data(as_text=True)
    assert 'value="relevance" selected' in html
    assert 'value="relevance"' not in client.get("/orgs").get_data(as_text=True)


def test_pages_are_bounded(client, make_user, make_org):
    owner = make_user("bulk@example.org")
    for i in range(3):
        make_org(owner, f"Bulk {i}", "company")
    assert services.parse_search({"page": str(MAX_PAGES + 50)})["page"] == MAX_PAGES
    page = _search(per_page=1)
    assert page.total == 3 and page.pages == 3
    page.total = 10 * MAX_PAGES  # as if there were more matches than pages served
    assert page.pages == MAX_PAGES
