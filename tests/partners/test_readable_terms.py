"""Shared key terms as the reader sees them (the profile documents spell area codes as words)."""

from __future__ import annotations

from flask_babel import force_locale

from app.partners.services import readable_terms


def test_area_words_read_as_the_area_label_and_straddling_phrases_go(app):
    # Seen on a profile in Italian: "ricerca, studi, diagnostics drug, clinici, drug discovery".
    terms = ["ricerca", "diagnostics drug", "clinici", "drug discovery", "genomics", "imaging"]
    with app.test_request_context("/"), force_locale("it"):
        assert readable_terms(terms) == [
            "ricerca",
            "clinici",
            "Scoperta e sviluppo di farmaci",
            "Genomica e ricerca genetica",
            "imaging",  # one area word alone is an ordinary word
        ]
    with app.test_request_context("/"), force_locale("en"):
        assert readable_terms(["drug discovery", "drug discovery"]) == [
            "Drug discovery & development"
        ]
