"""Lexical analyser, BM25, passages, per-organisation aggregation, text channels (no model)."""

import math
import random
import unicodedata

import numpy as np
import pytest

from matching.analysis import Analyzer, fold
from matching.dense import CachedEncoder, PassageIndex, VectorCache, split_passages, text_key
from matching.documents import DocumentTable, OrgDocument, top_k_sum
from matching.lexical import BM25Index
from matching.textmatch import TextMatcher


def test_analyser_folds_accents_and_stems_italian_and_english_plurals():
    an = Analyzer()
    assert fold("Città ÀÉÎ") == "citta aei"
    it = an.terms("Gli ospedali della città studiano le malattie rare")
    assert an.terms("l'ospedale della citta") == ["ospedal", "citt"]
    assert {"ospedal", "citt", "malatt"} <= set(it) and "della" not in it
    en = an.terms("The hospitals of the cities are studying rare diseases")
    assert an.terms("a hospital in the city") == ["hospit", "citi"]
    assert {"hospit", "citi", "diseas"} <= set(en) and "the" not in en
    with pytest.raises(ValueError, match="language"):
        Analyzer(language="fr")


def test_bm25_matches_hand_computed_scores():
    docs = ["apple banana", "apple apple cherry", "banana"]
    bm = BM25Index(k1=1.2, b=0.75, analyzer=Analyzer("en"), query_tf="binary").fit(docs)
    idf = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))  # "apple": 2 of 3 documents
    avg = 2.0  # lengths 2, 3, 1
    d0 = idf * 1 * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 2 / avg))
    d1 = idf * 2 * 2.2 / (2 + 1.2 * (0.25 + 0.75 * 3 / avg))
    assert bm.scores("apples") == pytest.approx([d0, d1, 0.0])
    both = bm.scores("apple banana")
    idf_b = math.log(1 + (3 - 2 + 0.5) / (2 + 0.5))
    d2 = idf_b * 2.2 / (1 + 1.2 * (0.25 + 0.75 * 1 / avg))
    assert both[2] == pytest.approx(d2)
    assert [t for t, _ in bm.matched_terms("apple banana", 0)] == ["appl", "banana"] or [
        t for t, _ in bm.matched_terms("apple banana", 0)
    ] == ["banana", "appl"]
    assert bm.matched_terms("apple banana", 1) == [("appl", pytest.approx(d1))]
    many = bm.scores_many(["apples", "cherry"]).toarray()
    assert many[0] == pytest.approx([d0, d1, 0.0]) and many[1][1] > 0 == many[1][0]
    assert not bm.scores("zebra").any()


def test_bm25_finds_italian_texts_with_italian_queries():
    bm = BM25Index().fit(
        ["Diagnosi precoce delle malattie cardiache", "Genomic sequencing of tumours"]
    )
    s = bm.scores("malattia cardiaca e diagnosi")
    assert s[0] > 0 and s[1] == 0


def test_split_passages_keeps_sentences_and_caps_length():
    text = "One two three. Four five six seven. Eight nine. " + " ".join(["w"] * 12)
    parts = split_passages(text, max_words=5)
    assert parts[:3] == ["One two three.", "Four five six seven.", "Eight nine."]
    assert all(len(p.split()) <= 5 for p in parts) and len(parts) == 6
    assert split_passages(text, max_words=5, max_passages=2) == parts[:2]
    assert split_passages("short text", 100) == ["short text"]
    assert split_passages("   ") == []
    with pytest.raises(ValueError):
        split_passages("x", max_words=0)


def test_top_k_sum_and_recency_weighted_aggregation():
    assert top_k_sum(np.array([0, 0, 0, 2, 2]), np.array([1.0, 3.0, 2.0, 5.0, 1.0]), 2, 4) == (
        pytest.approx([5.0, 0.0, 6.0, 0.0])
    )
    docs = [
        OrgDocument("a", "x one", 2020),
        OrgDocument("a", "x two", 2016),
        OrgDocument("b", "x one", 2020),  # the same text is stored once
        OrgDocument("c", "x three"),
    ]
    table = DocumentTable().fit(docs, ["a", "b", "c", "d"])
    assert len(table.texts_) == 3 and list(table.n_docs_) == [2, 1, 1, 0]
    scores = np.array([1.0, 2.0, 4.0])  # per distinct text
    assert table.aggregate(scores, k=1) == pytest.approx([2.0, 1.0, 4.0, 0.0])
    assert table.aggregate(scores, k=2) == pytest.approx([3.0, 1.0, 4.0, 0.0])
    # half-life 4 years at 2020: the 2016 document counts half; no year = weight 1
    assert table.aggregate(scores, k=2, half_life=4.0, ref_year=2020.0) == pytest.approx(
        [2.0, 1.0, 4.0, 0.0]
    )
    with pytest.raises(ValueError, match="unknown organisation 'z'"):
        DocumentTable().fit([OrgDocument("z", "t")], ["a"])
    with pytest.raises(ValueError, match="has no text"):
        DocumentTable().fit([OrgDocument("a", "  ")], ["a"])
    with pytest.raises(ValueError, match="k must be positive"):
        table.aggregate(scores, k=0)


class FakeEncoder:
    """A deterministic bag-of-letters encoder (the dense plumbing, not the model, is tested)."""

    model_name = "fake"

    def __init__(self):
        self.seen = []

    def encode(self, texts, show_progress=False):
        self.seen.extend(texts)
        out = np.zeros((len(texts), 26), dtype=np.float32)
        for i, t in enumerate(texts):
            for c in t.lower():
                if "a" <= c <= "z":
                    out[i, ord(c) - 97] += 1
        return out / np.maximum(np.linalg.norm(out, axis=1, keepdims=True), 1e-9)


def test_vector_cache_second_run_encodes_nothing(tmp_path):
    texts = ["alpha beta", "gamma", "alpha beta"]
    first = CachedEncoder(FakeEncoder(), VectorCache(tmp_path, "fake"))
    v1 = first.encode(texts)
    assert first.n_encoded_ == 2  # distinct texts only
    again = CachedEncoder(FakeEncoder(), VectorCache(tmp_path, "fake"))
    v2 = again.encode(texts)
    assert again.n_encoded_ == 0 and again.encoder.seen == []
    assert np.allclose(v1, v2)
    other = CachedEncoder(FakeEncoder(), VectorCache(tmp_path, "another model"))
    other.encode(texts)
    assert other.n_encoded_ == 2  # the key includes the model
    assert len(text_key("x")) == 40


def test_passage_index_scores_a_document_by_its_best_passage():
    enc = CachedEncoder(FakeEncoder())
    long_doc = "zzzz zzzz. " * 3 + "apple apple."
    idx = PassageIndex(enc, max_words=2).fit([long_doc, "mmmm"])
    q = idx.query_vector("apple")
    s = idx.scores(q)
    assert s[0] == pytest.approx(1.0) and s[1] == 0.0
    assert idx.passages(long_doc)[idx.best_passage(q, 0)] == "apple apple."
    given = np.zeros(26, dtype=np.float32)
    given[ord("m") - 97] = 2.0
    idx2 = PassageIndex(enc).fit(["never encoded", "mmmm"], vectors=[given, None])
    assert "never encoded" not in enc.encoder.seen
    assert idx2.scores(idx2.query_vector("m"))[0] == pytest.approx(1.0)


def test_text_matcher_channels_and_explanation():
    docs = [
        OrgDocument("pic:1", "Cardiac imaging for heart failure", 2021, doc_id="HEART"),
        OrgDocument("pic:1", "Sequencing tumour genomes", 2015, doc_id="ONCO"),
        OrgDocument("ror:2", "Genomic sequencing of rare diseases", 2022, doc_id="RARE"),
    ]
    tm = TextMatcher(CachedEncoder(FakeEncoder()), lexical_k=1, dense_k=1).fit(
        docs, ["pic:1", "ror:2", "x"]
    )
    s = tm.org_scores("heart failure imaging", ref_year=2023.0)
    assert set(s) == {"lexical", "dense"} and s["lexical"][0] > 0 == s["lexical"][1]
    assert s["lexical"][2] == 0 and s["dense"][2] == 0
    why = tm.explain("heart failure imaging", "pic:1")
    assert why["lexical"]["doc_id"] == "HEART"
    assert {t for t, _ in why["lexical"]["terms"]} == {"heart", "failur", "imag"}
    assert why["dense"]["passage"]
    assert TextMatcher().fit(docs, ["pic:1", "ror:2"]).org_scores("rare").keys() == {"lexical"}
    with pytest.raises(ValueError, match="unknown organisation"):
        tm.explain("x", "nobody")


def _fold_per_character(text: str) -> str:
    """The folding as it was written first: NFKD, then a test per character."""
    nfkd = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in nfkd if not unicodedata.combining(c))


def test_fold_fast_paths_give_the_per_character_result():
    rng = random.Random(3)
    alphabet = [chr(c) for c in range(0x20, 0x250)] + list("İﬁ℃Ωǅ\u0301\u0308\u20dd한글日本ß")
    texts = ["Città ÀÉÎ", "plain ascii TEXT 42", "", "ﬁ İstanbul", "e\u0301\u0301", "Straße"]
    texts += ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 40))) for _ in range(3000)]
    for text in texts:
        assert fold(text) == _fold_per_character(text), repr(text)
