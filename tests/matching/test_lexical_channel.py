"""The partner matcher's lexical channel (one document per project and organisation) and the
language rule of the profile cosines. No model: every vector is given."""

import json
import pickle
from importlib import resources

import numpy as np
import pytest

from matching import OrgRecord, PartnerMatcher, PartnerRanker
from matching.analysis import Analyzer
from matching.documents import OrgDocument
from matching.lexical import BM25Index
from matching.ranker import DEFAULT_FILES, SIGNALS

IT_START_UP = (
    "Start-up milanese: sviluppiamo un test salivare con biosensori elettrochimici "
    "(electrochemical biosensors, point-of-care diagnostics) e cerchiamo un ospedale"
)
EN_PROJECTS = {
    10: "Electrochemical biosensor for point-of-care diagnostics of inflammation in saliva",
    11: "Printed electrochemical biosensors measure cortisol and lactate in sweat",
    12: "Cohort study of cardiovascular risk in elderly patients",
    13: "Wind turbine blade materials and offshore maintenance",
}


def _unit(rng, dim=8):
    v = rng.normal(size=dim).astype(np.float32)
    return v / np.linalg.norm(v)


def _world(documents=True, dense_languages="auto"):
    rng = np.random.default_rng(0)
    orgs = [
        OrgRecord(1, "Saliva start-up", "startup", IT_START_UP, province="MI", region="Lombardia"),
        # An Italian demo profile about something else, whose vector sits next to the
        # start-up's (an English-only model finds any two Italian texts alike).
        OrgRecord(
            2,
            "Officina demo",
            "company",
            "Manutenzione di impianti elettrici industriali: sviluppiamo quadri e cablaggi",
            province="MI",
            region="Lombardia",
        ),
        OrgRecord(3, "Uni Biosensors", "university", "", province="MI", region="Lombardia"),
        OrgRecord(4, "Cardio Hospital", "research_hospital", "", province="MI", region="Lombardia"),
        OrgRecord(5, "Wind Co", "company", "", province="BG", region="Lombardia"),
    ]
    base = _unit(rng)
    vectors = {1: base, 2: (base + 0.05 * _unit(rng)) / 1.0, 3: _unit(rng), 4: _unit(rng)}
    vectors = {k: v / np.linalg.norm(v) for k, v in vectors.items()}
    docs = [
        OrgDocument(3, EN_PROJECTS[10], 2022, doc_id="project:10"),
        OrgDocument(3, EN_PROJECTS[11], 2021, doc_id="project:11"),
        OrgDocument(4, EN_PROJECTS[12], 2022, doc_id="project:12"),
        OrgDocument(5, EN_PROJECTS[13], 2020, doc_id="project:13"),
        OrgDocument(1, IT_START_UP, None, doc_id="profile"),
        OrgDocument(2, orgs[1].text, None, doc_id="profile"),
    ]
    m = PartnerMatcher(dense_languages=dense_languages, n_candidates=50)
    m.fit(orgs, vectors=vectors, documents=docs if documents else None)
    return m


def test_an_organisation_known_only_by_its_projects_is_proposed_for_an_italian_need():
    m = _world()
    top = m.suggest_partners(1, k=3)
    assert top[0].org_id == 3  # the university whose projects are about the same biosensors
    assert top[0].signals["lexical"] == pytest.approx(1.0)
    assert top[0].signals["semantic"] == 0.0  # it has no vector in common with the start-up
    assert m.best_documents(IT_START_UP, [3, 5]) == {3: "project:10"}


def test_without_documents_there_is_no_lexical_signal_and_the_lookalike_wins():
    m = _world(documents=False, dense_languages=None)
    top = m.suggest_partners(1, k=3)
    assert top[0].org_id == 2
    assert all(s.signals["lexical"] == 0.0 for s in top)


def test_profile_cosines_count_only_between_texts_the_encoder_reads():
    italian_only = _world(dense_languages="auto")  # no encoder given: the bundled MiniLM, "en"
    assert italian_only.dense_languages_ == frozenset({"en"})
    by_id = {s.org_id: s for s in italian_only.suggest_partners(1, k=5)}
    assert by_id[2].signals["semantic"] == 0.0
    every_language = _world(dense_languages=None)
    by_id = {s.org_id: s for s in every_language.suggest_partners(1, k=5)}
    assert by_id[2].signals["semantic"] > 0.9


def test_an_italian_query_is_also_read_with_the_english_stemmer():
    query = "Sviluppiamo un test per la saliva con electrochemical biosensors"
    en_stem = Analyzer(language="en").terms("biosensors")[0]
    assert en_stem not in Analyzer().terms(query)  # read as Italian: "biosensors" unchanged
    m = _world()
    plain = m.text_.org_scores(query)["lexical"][m.text_.org_ids.index(3)]
    expanded = m.lexical_scores(query)[m.graph_.pos(3)]
    assert expanded > plain


def test_idf_within_the_documents_language():
    english = [f"clinical study number {i} of heart failure patients" for i in range(30)]
    italian = [
        "il nostro gruppo sviluppa sensori per la sanità",
        "il gruppo di ricerca sviluppa software per gli ospedali",
    ]
    plain = BM25Index().fit(english + italian)
    by_language = BM25Index(idf_by_language=True).fit(english + italian)
    term = plain.vocab_["grupp"]
    # Rare in the whole corpus, but in every Italian document: a common word there.
    assert by_language.weights_[30, term] < plain.weights_[30, term] / 3
    rare = plain.vocab_["15"]  # in one English document: as rare in English as overall
    assert by_language.weights_[15, rare] == pytest.approx(plain.weights_[15, rare], rel=0.1)


def test_a_removed_organisation_is_never_proposed_by_its_documents():
    m = _world()
    m.remove_org(3)
    assert 3 not in {s.org_id for s in m.suggest_partners(1, k=5)}


def test_a_changed_text_marks_the_lexical_documents_stale():
    m = _world()
    assert m.text_stale_ is False
    same = m.orgs_[4]
    vector = m.org_vector(4)
    m.update_org(same, vector)
    assert m.text_stale_ is False
    changed = OrgRecord(4, same.name, same.kind, "Now we also do biosensors", province="MI")
    m.update_org(changed, vector)
    assert m.text_stale_ is True


def test_a_fitted_matcher_with_documents_pickles():
    m = _world()
    again = pickle.loads(pickle.dumps(m))
    assert [s.org_id for s in again.suggest_partners(1, k=3)] == [
        s.org_id for s in m.suggest_partners(1, k=3)
    ]


def test_weights_saved_before_the_lexical_signal_still_load(tmp_path):
    data = json.loads(resources.files("matching").joinpath(DEFAULT_FILES["partners"]).read_text())
    j = data["signals"].index("lexical")
    for key in ("signals", "coef", "scale"):
        del data[key][j]
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(data))
    old = PartnerRanker.load(path)
    new = PartnerRanker.default()
    assert old.coef_[SIGNALS.index("lexical")] == new.coef_[SIGNALS.index("lexical")]
    assert np.allclose(old.coef_, new.coef_)
    data["signals"] = data["signals"][::-1]
    path.write_text(json.dumps(data))
    with pytest.raises(ValueError, match="must list the signals"):
        PartnerRanker.load(path)
