"""TermExplainer: key terms shared by two profiles."""

from matching import TermExplainer

TEXTS = {
    1: "Machine learning for medical imaging and radiology diagnostics",
    2: "Radiology department offering imaging data and clinical trials",
    3: "Drug discovery for oncology with small molecules",
    4: "Clinical trials unit for oncology drugs",
    5: "Regional public body funding innovation",
}


def test_shared_terms_are_in_both_texts_and_not_stop_words():
    e = TermExplainer(max_terms=5).fit(TEXTS)
    terms = e.shared_ids(1, 2)
    assert set(terms) == {"imaging", "radiology"}
    assert e.shared_ids(3, 4)[0] in {"oncology"}
    assert e.shared_ids(1, 5) == []
    assert "and" not in e.shared_ids(1, 2)


def test_bigram_covers_its_unigrams():
    e = TermExplainer().fit(
        {1: "clinical trials in Milan", 2: "we run clinical trials", 3: "genomics"}
    )
    assert e.shared_ids(1, 2) == ["clinical trials"]


def test_update_and_remove_and_text_queries():
    e = TermExplainer().fit(TEXTS)
    e.update(5, "oncology registry")
    assert e.shared_ids(3, 5) == ["oncology"]
    e.remove(5)
    assert e.shared_ids(3, 5) == []
    assert e.shared(e.transform("imaging for radiology"), e.row(1)) != []
    assert e.transform("") is None
    both = e.combine([e.row(1), e.row(2), None])
    assert e.shared(both, e.row(2)) and e.combine([None]) is None


def test_empty_corpus_explains_nothing():
    e = TermExplainer().fit({1: "", 2: "  "})
    assert e.shared_ids(1, 2) == [] and e.transform("anything") is None


def test_generic_profile_words_and_italian_function_words_are_never_key_terms():
    e = TermExplainer().fit(
        {
            1: "Start-up immaginaria: cerchiamo partner per la validazione clinica presso ospedali",
            2: "Azienda fictional company: offriamo validazione clinica presso i nostri ospedali",
            3: "Genomica dei tumori rari",
        }
    )
    terms = e.shared_ids(1, 2)
    assert "validazione clinica" in terms
    noise = {"start", "immaginaria", "fictional", "partner", "cerchiamo", "offriamo", "presso"}
    assert not noise & {w for t in terms for w in t.split()}


def test_the_lexical_channels_italian_stop_words_are_never_key_terms():
    # 'tramite', 'mediante' and 'stiamo' were shown as shared key terms: the explainer's own
    # Italian list did not have them, the lexical channel's (matching.analysis.IT_STOP) does.
    e = TermExplainer().fit(
        {
            1: "Stiamo sviluppando diagnostica genomica tramite sequenziamento mediante biopsia",
            2: "Stiamo studiando diagnostica genomica tramite sequenziamento mediante biopsia",
            3: "Riabilitazione motoria con esoscheletri",
        }
    )
    words = {w for t in e.shared_ids(1, 2) for w in t.split()}
    assert "genomica" in words
    assert not {"tramite", "mediante", "stiamo"} & words
