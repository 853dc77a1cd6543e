"""Issue 18: the key-term explainer counts each distinct line once (organisations' texts
repeat the same project summaries) and must fit exactly what sklearn's own counting fits:
same vocabulary, same matrix entries in the same order, same IDF, same transform."""

from __future__ import annotations

import random

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from matching.explain import TermExplainer, _stop_words

WORDS = (
    "sepsis biosensor clinical trials imaging cardiac genomics oncology the and of for with "
    "diagnostica genomica per della wearable monitoring validation hospital intensive care "
    "università è più rete network partner startup ab x9 deep learning"
).split()


def _reference(texts: dict[int, str]) -> TfidfVectorizer:
    """sklearn's TfidfVectorizer as TermExplainer configures it, counting every document."""
    return TfidfVectorizer(
        ngram_range=(1, 2),
        max_df=0.5,
        min_df=1,
        stop_words=_stop_words(),
        sublinear_tf=True,
        token_pattern=r"(?u)\b[^\W\d_]{3,}\b",
        dtype=np.float32,
    )


def _assert_same(texts: dict[int, str]) -> None:
    ours = TermExplainer().fit(texts)
    ids = [i for i, t in texts.items() if t and t.strip()]
    ref = _reference(texts)
    matrix = ref.fit_transform([texts[i] for i in ids]).tocsr()
    assert type(ours.vectorizer_) is TfidfVectorizer  # pickled as a plain vectorizer
    assert "_count_vocab" not in vars(ours.vectorizer_)
    assert ours.vectorizer_.vocabulary_ == ref.vocabulary_
    assert list(ours.terms_) == list(ref.get_feature_names_out())
    np.testing.assert_array_equal(ours.vectorizer_.idf_, ref.idf_)
    for got, want in (
        (ours.matrix_.indptr, matrix.indptr),
        (ours.matrix_.indices, matrix.indices),  # same order inside each row
        (ours.matrix_.data, matrix.data),  # bit for bit
    ):
        np.testing.assert_array_equal(got, want)
    query = "Clinical trials of a wearable sepsis biosensor in intensive care"
    want = ref.transform([query]).tocsr()
    got = ours.transform(query)
    np.testing.assert_array_equal(got.indices, want.indices)
    np.testing.assert_array_equal(got.data, want.data)


def test_shared_lines_boundaries_and_stop_words_fit_as_sklearn():
    texts = {
        1: "Sepsis biosensor for intensive care\nCardiac imaging with deep learning",
        2: "Cardiac imaging with deep learning\nSepsis biosensor for intensive care",
        3: "the and of\nGenomica per la diagnostica\n\nthe\nCardiac imaging with deep learning",
        4: "Sepsis biosensor for intensive care\nSepsis biosensor for intensive care",
        5: "   ",  # left out, as before
        6: "Università più rete: diagnostica genomica.\nx9 ab 2024\nmonitoring",
        7: "monitoring\nmonitoring validation hospital",
        8: "Genomica per la diagnostica imaging oncology",
    }
    _assert_same(texts)


def test_random_corpora_with_reused_lines_fit_as_sklearn():
    rng = random.Random(18)
    for _ in range(5):
        lines = [" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 9))) for _ in range(25)]
        texts = {
            i: "\n".join(rng.choice(lines) for _ in range(rng.randint(1, 6)))
            for i in range(rng.randint(3, 60))
        }
        _assert_same(texts)
