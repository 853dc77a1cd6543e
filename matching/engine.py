"""PartnerMatcher: the public entry point that ties encoder, index, graph, signals and ranker."""

from __future__ import annotations

import copy
import time
from collections.abc import Iterable, Sequence

import numpy as np

from .analysis import Analyzer, guess_language
from .documents import OrgDocument
from .encoder import Encoder, check_texts
from .explain import TermExplainer
from .graph import CollaborationGraph, EdgeArrays
from .index import VectorIndex, normalise, top_k
from .ranker import SIGNALS, PartnerRanker
from .records import ItemSuggestion, OrgRecord, Suggestion, check_k, check_kinds
from .scoring import rank_candidates
from .table import OrgTable
from .textmatch import TextMatcher

_COL = {name: j for j, name in enumerate(SIGNALS)}


class PartnerMatcher:
    """Explainable partner, solver and consortium suggestions.

    Args:
        encoder: :class:`Encoder` used for texts without a precomputed vector (``None`` = the
            bundled MiniLM, loaded only when something must be encoded).
        ranker: Fitted :class:`PartnerRanker` for partner, solver and similar-need proposals;
            ``None`` = the shipped default weights.
        consortium_ranker: Fitted :class:`PartnerRanker` for :meth:`complete_consortium`
            (same signals, weights learned on completing consortia: an organisation already
            linked to the seeds is a likely member, unlike a new partner); ``None`` = the
            shipped default consortium weights.
        n_candidates: Candidates taken from the vector index and from the graph neighbourhood.
        graph_half_life: Years after which a collaboration edge weighs half.
        activity_half_life: Years after which the activity signal halves.
        reference_year: "Now" for recency; ``None`` = latest year in the data.
        exclude_known_partners: ``suggest_partners`` skips organisations already linked.
        ppr_alpha: Personalised PageRank continuation probability.
        consortium_ppr_alpha: The same for :meth:`complete_consortium`: a short walk (0.15)
            ranks the missing members of a consortium best (bench/README.md).
        ppr_iter: PageRank steps (a few steps keep the walk local and fast).
        max_shared_terms: Key terms per suggestion.
        max_common_partners: Common partners listed per suggestion.
        dense_languages: Languages whose texts the encoder reads: a profile cosine (semantic
            and offer/seek signals) counts only when both texts are in one of them, since an
            English-only model finds any two Italian texts alike. ``"auto"`` = the encoder's
            ``languages`` (the bundled MiniLM: English); ``None`` = every language.
        lexical_k, lexical_half_life: Aggregation of the lexical channel over an
            organisation's documents (the sum of its ``lexical_k`` best BM25 scores, each
            halved every ``lexical_half_life`` years; see :class:`~matching.textmatch.TextMatcher`).
    """

    def __init__(
        self,
        encoder: Encoder | None = None,
        ranker: PartnerRanker | None = None,
        consortium_ranker: PartnerRanker | None = None,
        n_candidates: int = 200,
        graph_half_life: float | None = 5.0,
        activity_half_life: float = 3.0,
        reference_year: int | None = None,
        exclude_known_partners: bool = True,
        ppr_alpha: float = 0.85,
        consortium_ppr_alpha: float = 0.15,
        ppr_iter: int = 4,
        max_shared_terms: int = 5,
        max_common_partners: int = 5,
        lexical_k: int = 3,
        lexical_half_life: float | None = 6.0,
        dense_languages: Iterable[str] | str | None = "auto",
    ):
        self.encoder = encoder
        self.ranker = ranker
        self.consortium_ranker = consortium_ranker
        self.n_candidates = n_candidates
        self.graph_half_life = graph_half_life
        self.activity_half_life = activity_half_life
        self.reference_year = reference_year
        self.exclude_known_partners = exclude_known_partners
        self.ppr_alpha = ppr_alpha
        self.consortium_ppr_alpha = consortium_ppr_alpha
        self.ppr_iter = ppr_iter
        self.max_shared_terms = max_shared_terms
        self.max_common_partners = max_common_partners
        self.lexical_k = lexical_k
        self.lexical_half_life = lexical_half_life
        self.dense_languages = dense_languages

    # ================================================================= fitting
    def fit(
        self,
        orgs: list[OrgRecord],
        vectors: dict[int, np.ndarray] | None = None,
        edges: Iterable[tuple] = (),
        offer_vectors: dict[int, np.ndarray] | None = None,
        seek_vectors: dict[int, np.ndarray] | None = None,
        show_progress: bool = False,
        previous: PartnerMatcher | None = None,
        documents: Sequence[OrgDocument] | None = None,
        offers_from_profile: Iterable[int] = (),
    ) -> PartnerMatcher:
        """Index organisations, their texts and their collaborations.

        Args:
            orgs: All organisations that can be suggested.
            vectors: Precomputed profile vectors ``{org_id: vector}``; other orgs with a
                profile text are encoded, orgs with neither have no semantic signal.
            edges: ``(org_a, org_b, weight, year)`` collaborations, or an :class:`EdgeArrays`
                of aligned arrays (built in one pass, no tuple per edge).
            offer_vectors: Precomputed vectors of the "offers" texts.
            seek_vectors: Precomputed vectors of the "seeks" texts.
            show_progress: Show a progress bar while encoding.
            previous: A fitted matcher this one replaces (e.g. after one profile changed):
                its key-term vocabulary and IDF are kept and only the texts that differ are
                analysed again (a full refit of the TF-IDF takes most of a cold build).
            documents: The organisations' documents for the lexical channel (one per project
                and the own profile text, several per organisation): a query meets each
                organisation by its best documents (BM25, Italian and English analysis),
                so that what an organisation did counts, not only how its profile reads.
                ``None`` = no lexical signal.
            offers_from_profile: Organisations whose offer is their profile vector (what
                their projects did, when no owner wrote an offer): the offer/seek signal reads
                their row of the profile index, which is not copied into the offer index.

        Returns:
            self
        """
        orgs = list(orgs)
        if not orgs:
            raise ValueError("orgs must not be empty")
        if not all(isinstance(o, OrgRecord) for o in orgs):
            raise ValueError("orgs must be OrgRecord instances")
        self.orgs_ = {}
        for o in orgs:
            if o.id in self.orgs_:
                raise ValueError(f"duplicate org id {o.id}")
            self.orgs_[o.id] = o
        self._offer_from_profile = set(offers_from_profile)
        for name, given in (
            ("vectors", vectors),
            ("offer_vectors", offer_vectors),
            ("seek_vectors", seek_vectors),
            ("offers_from_profile", dict.fromkeys(self._offer_from_profile)),
        ):
            unknown = sorted(set(given or {}) - set(self.orgs_))
            if unknown:
                raise ValueError(f"{name} given for unknown org ids {unknown[:10]}")
        self.ranker_ = self.ranker if self.ranker is not None else PartnerRanker.default()
        self.consortium_ranker_ = (
            self.consortium_ranker
            if self.consortium_ranker is not None
            else PartnerRanker.default("consortium")
        )
        self.encoder_ = self.encoder if self.encoder is not None else Encoder()
        langs = self.dense_languages
        if langs == "auto":
            langs = getattr(self.encoder_, "languages", None)
        self.dense_languages_ = None if langs is None else frozenset(langs)
        self._analyzer = Analyzer()
        phases: dict[str, float] = {}
        clock = time.perf_counter()
        dim = self._dim(vectors, offer_vectors, seek_vectors)
        self.index_ = self._build_index(dim, vectors, lambda o: o.profile_text, show_progress)
        shared = {i: None for i in self._offer_from_profile if i not in (offer_vectors or {})}
        self._offer_from_profile = set(shared)
        self.offer_index_ = self._build_index(
            dim, offer_vectors, lambda o: o.offers, show_progress, skip=shared
        )
        self.seek_index_ = self._build_index(dim, seek_vectors, lambda o: o.seeks, show_progress)
        phases["indexes"] = time.perf_counter() - clock
        clock = time.perf_counter()
        if not isinstance(edges, EdgeArrays):
            edges = [tuple(e) for e in edges]
            for e in edges:
                for node in e[:2]:
                    if node not in self.orgs_:
                        raise ValueError(f"edge {e[:2]} refers to unknown org id {node}")
            years = [e[3] for e in edges if len(e) > 3 and e[3] is not None]
        else:
            ids = np.fromiter(self.orgs_, dtype=np.int64, count=len(self.orgs_))
            for col in (edges.a, edges.b):
                unknown = ~np.isin(col, ids)
                if unknown.any():
                    i = int(np.flatnonzero(unknown)[0])
                    pair = (int(edges.a[i]), int(edges.b[i]))
                    raise ValueError(f"edge {pair} refers to unknown org id {int(col[i])}")
            known = edges.year[edges.year >= 0]
            years = [int(known.max())] if len(known) else []
        years += [o.last_active_year for o in orgs if o.last_active_year is not None]
        self.reference_year_ = (
            self.reference_year
            if self.reference_year is not None
            else (max(years) if years else None)
        )
        graph = CollaborationGraph(self.graph_half_life, self.reference_year_)
        if isinstance(edges, EdgeArrays):
            self.graph_ = graph.fit_arrays(*edges, nodes=list(self.orgs_))
        else:
            self.graph_ = graph.fit(edges, nodes=list(self.orgs_))
        self.table_ = OrgTable(capacity=2 * len(orgs))
        self._pos_of_row = np.full(self.index_._mat.shape[0], -1, dtype=np.int64)
        positions = np.fromiter((self.graph_.pos(o.id) for o in orgs), np.int64, len(orgs))
        self.table_.set_many(positions, orgs)
        self._sync_all_rows(positions, [o.id for o in orgs])
        language: dict[str, bool] = {}  # guessed once per distinct text
        dense_ok = np.empty(len(orgs), np.int8)
        for i, o in enumerate(orgs):
            text = o.profile_text
            read = language.get(text)
            if read is None:
                read = language[text] = self.reads(text)
            dense_ok[i] = read
        self.table_.dense_ok[positions] = dense_ok
        phases["graph_table"] = time.perf_counter() - clock
        clock = time.perf_counter()
        self.explainer_ = self._fit_explainer(orgs, previous)
        phases["explainer"] = time.perf_counter() - clock
        clock = time.perf_counter()
        self._fit_text(documents)
        phases["lexical"] = time.perf_counter() - clock
        self.fit_phases_ = {k: round(v, 2) for k, v in phases.items()}
        return self

    def reads(self, text: str | None) -> bool:
        """Whether the encoder reads ``text``'s language (see ``dense_languages``)."""
        if self.dense_languages_ is None or not text or not text.strip():
            return True
        return guess_language(self._analyzer.tokens(text)) in self.dense_languages_

    def _set_language(self, o: OrgRecord) -> None:
        self.table_.dense_ok[self.graph_.pos(o.id)] = self.reads(o.profile_text)

    def _fit_text(self, documents: Sequence[OrgDocument] | None) -> None:
        self.text_: TextMatcher | None = None
        self.text_stale_ = False
        if not documents:
            return
        self.text_ = TextMatcher(
            lexical_k=self.lexical_k,
            lexical_half_life=self.lexical_half_life,
            idf_by_language=True,
        ).fit(documents, org_ids=list(self.orgs_))
        self._text_pos = np.array([self.graph_.pos(o) for o in self.text_.org_ids], np.int64)
        self._text_alive = np.ones(len(self._text_pos), dtype=bool)
        self._english = Analyzer(language="en")

    def _lexical_text_scores(self, text: str) -> np.ndarray:
        """BM25 of every distinct document text. An Italian query is also read with the
        English stemmer: its English words (a start-up writes "biosensori elettrochimici
        (electrochemical biosensors)") then meet the English project texts of CORDIS."""
        assert self.text_ is not None
        bm25 = self.text_.bm25_
        terms, language = bm25.analyzer_.terms_and_language(text)
        if language == "it":
            seen = set(terms)
            terms += [t for t in self._english.terms(text) if t not in seen]
        return bm25.scores_terms(terms)

    def lexical_scores(
        self, text: str | None, text_scores: np.ndarray | None = None
    ) -> np.ndarray | None:
        """Raw lexical score (sum of the best documents' BM25) of every graph position for
        ``text``; ``None`` without documents, text or any matching term. ``text_scores``: the
        per-document scores of ``text`` when the caller has them already."""
        if self.text_ is None or not text or not text.strip():
            return None
        if text_scores is None:
            text_scores = self._lexical_text_scores(text)
        ts = {"lexical": text_scores}
        per_org = self.text_.org_scores(text, self.reference_year_, text_scores=ts)["lexical"]
        per_org = per_org * self._text_alive
        if not len(per_org) or float(per_org.max()) <= 0.0:
            return None
        out = np.zeros(self.graph_.n_nodes)
        out[self._text_pos] = per_org
        return out

    def best_documents(
        self, text: str, org_ids: Iterable[int], text_scores: np.ndarray | None = None
    ) -> dict[int, str]:
        """``{org id: id of its document that matches text best}`` (lexically), for the
        organisations that have one with a shared term (``text_scores`` as in
        :meth:`lexical_scores`)."""
        if self.text_ is None or not text.strip():
            return {}
        scores = self._lexical_text_scores(text) if text_scores is None else text_scores
        pos = self.text_._pos
        out = {}
        for oid in org_ids:
            if oid not in pos:
                continue
            t = self.text_.table_.best_text(scores, pos[oid])
            doc = self.text_.table_.text_doc_ids_[t] if t >= 0 else None
            if doc is not None and scores[t] > 0:
                out[oid] = doc
        return out

    def _fit_explainer(self, orgs: list[OrgRecord], previous) -> TermExplainer:
        old = getattr(previous, "explainer_", None)
        if old is None or getattr(old, "vectorizer_", None) is None:
            return TermExplainer(self.max_shared_terms).fit(
                {o.id: self._explain_text(o) for o in orgs}
            )
        explainer = copy.copy(old)  # the fitted matrix is shared (read-only), updates are not
        explainer._updated = dict(old._updated)
        before = previous.orgs_
        for o in orgs:
            prev = before.get(o.id)
            if prev is None or self._explain_text(prev) != self._explain_text(o):
                explainer.update(o.id, self._explain_text(o))
        for gone in set(before) - set(self.orgs_):
            explainer.remove(gone)
        return explainer

    @staticmethod
    def _explain_text(o: OrgRecord) -> str:
        return " ".join(t for t in (o.text, o.offers, o.seeks) if t.strip())

    def _dim(self, *given: dict | None) -> int:
        for vecs in given:
            for v in (vecs or {}).values():
                return int(np.asarray(v).reshape(-1).shape[0])
        return self.encoder_.dim

    def _build_index(self, dim, given, text_of, show_progress, skip=()) -> VectorIndex:
        given = given or {}
        todo = [
            o
            for o in self.orgs_.values()
            if o.id not in given and o.id not in skip and text_of(o).strip()
        ]
        encoded = (
            self.encoder_.encode([text_of(o) for o in todo], show_progress=show_progress)
            if todo
            else np.zeros((0, dim), np.float32)
        )
        ids = list(given) + [o.id for o in todo]
        mat = np.zeros((len(ids), dim), dtype=np.float32)
        if given:
            try:  # one C loop over the rows; the per-row check below only names a bad one
                np.stack([np.asarray(v).reshape(-1) for v in given.values()], out=mat[: len(given)])
            except ValueError:
                for i, v in given.items():
                    size = np.asarray(v).reshape(-1).shape[0]
                    if size != dim:
                        raise ValueError(
                            f"vector for org {i} has dimension {size}, not {dim}"
                        ) from None
                raise
        if len(encoded):
            if encoded.shape[1] != dim:
                raise ValueError("encoder dimension differs from the given vectors")
            mat[len(given) :] = encoded
        index = VectorIndex(dim, initial_capacity=len(ids) + max(1024, len(ids) // 8))
        index.add_many(
            ids,
            mat,
            kinds=[self.orgs_[i].kind for i in ids],
            provinces=[self.orgs_[i].province for i in ids],
        )
        return index

    def _sync_all_rows(self, positions: np.ndarray, ids: list[int]) -> None:
        """:meth:`_sync_rows` for every organisation of a fit at once (array writes)."""
        t = self.table_
        for name, index in (
            ("row", self.index_),
            ("offer_row", self.offer_index_),
            ("seek_row", self.seek_index_),
        ):
            getattr(t, name)[positions] = index.rows_of(ids)
        rows = t.row[positions]
        has = rows >= 0
        shared = np.fromiter((i in self._offer_from_profile for i in ids), bool, len(ids))
        t.offer_profile[positions] = np.where(has & shared, 1, -1)
        self._pos_of_row[rows[has]] = positions[has]

    def _sync_rows(self, org_id: int) -> None:
        """Mirror the org's rows in the three vector indexes into the position-aligned table."""
        pos = self.graph_.pos(org_id)
        t = self.table_
        for name, index in (
            ("row", self.index_),
            ("offer_row", self.offer_index_),
            ("seek_row", self.seek_index_),
        ):
            getattr(t, name)[pos] = index._row.get(org_id, -1)
        row = t.row[pos]
        t.offer_profile[pos] = 1 if row >= 0 and org_id in self._offer_from_profile else -1
        if row >= 0:
            if row >= len(self._pos_of_row):
                grown = np.full(self.index_._mat.shape[0], -1, dtype=np.int64)
                grown[: len(self._pos_of_row)] = self._pos_of_row
                self._pos_of_row = grown
            self._pos_of_row[row] = pos

    def _check_fitted(self) -> None:
        if not hasattr(self, "orgs_"):
            raise ValueError("the matcher is not fitted; call fit() first")

    def _check_org(self, org_id: int) -> OrgRecord:
        self._check_fitted()
        try:
            return self.orgs_[org_id]
        except (KeyError, TypeError):
            raise ValueError(f"unknown org id {org_id}") from None

    # ================================================================= incremental updates
    def update_org(
        self,
        record: OrgRecord,
        vector: np.ndarray | None = None,
        offer_vector: np.ndarray | None = None,
        seek_vector: np.ndarray | None = None,
        offer_from_profile: bool = False,
    ) -> None:
        """Add or replace one organisation without rebuilding anything else.

        Texts without a given vector are encoded now (one text each); an empty text removes
        the corresponding vector. ``offer_from_profile``: what it offers is its profile
        vector (as ``fit``'s ``offers_from_profile``; ``offer_vector`` is then ignored).
        A changed text reaches the lexical documents only at the next :meth:`fit`:
        ``text_stale_`` then says so (the portal refits in the background).
        """
        self._check_fitted()
        if not isinstance(record, OrgRecord):
            raise ValueError("record must be an OrgRecord")
        before = self.orgs_.get(record.id)
        if self.text_ is not None and (
            before is None or self._explain_text(before) != self._explain_text(record)
        ):
            # The lexical documents are fitted as a whole: this text waits for the next fit.
            self.text_stale_ = True
        self.orgs_[record.id] = record
        if offer_from_profile:
            self._offer_from_profile.add(record.id)
        else:
            self._offer_from_profile.discard(record.id)
        for index, vec, text in (
            (self.index_, vector, record.profile_text),
            (self.offer_index_, offer_vector, record.offers),
            (self.seek_index_, seek_vector, record.seeks),
        ):
            if index is self.offer_index_ and offer_from_profile:
                vec, text = None, ""  # the profile row serves: no copy in the offer index
            if vec is None and text.strip():
                vec = self.encoder_.encode([text])[0]
            if vec is not None:
                index.update(record.id, vec, kind=record.kind, province=record.province)
            elif record.id in index:
                index.remove(record.id)
        self.graph_.add_node(record.id)
        self.table_.set(self.graph_.pos(record.id), record)
        self._sync_rows(record.id)
        self._set_language(record)
        self.explainer_.update(record.id, self._explain_text(record))

    def remove_org(self, org_id: int) -> None:
        """Remove an organisation, its vectors and its edges."""
        self._check_org(org_id)
        del self.orgs_[org_id]
        self._offer_from_profile.discard(org_id)
        for index in (self.index_, self.offer_index_, self.seek_index_):
            if org_id in index:
                index.remove(org_id)
        self._sync_rows(org_id)
        self.graph_.remove_node(org_id)
        self.explainer_.remove(org_id)
        if self.text_ is not None and org_id in self.text_._pos:
            self._text_alive[self.text_._pos[org_id]] = False

    def add_edge(self, a: int, b: int, weight: float = 1.0, year: int | None = None) -> None:
        """Record a collaboration (e.g. an accepted partnership) between two organisations."""
        self._check_org(a)
        self._check_org(b)
        self.graph_.add_edge(a, b, weight, year)

    def org_vector(self, org_id: int) -> np.ndarray | None:
        """The profile vector of an organisation, ``None`` when it has no text."""
        self._check_org(org_id)
        return self.index_.vector(org_id) if org_id in self.index_ else None

    def offer_vector(self, org_id: int) -> np.ndarray | None:
        """The vector of what an organisation offers (its own offers text, else its profile
        when ``offers_from_profile`` said so), ``None`` without one."""
        self._check_org(org_id)
        if org_id in self.offer_index_:
            return self.offer_index_.vector(org_id)
        if org_id in self._offer_from_profile and org_id in self.index_:
            return self.index_.vector(org_id)
        return None

    def seek_vector(self, org_id: int) -> np.ndarray | None:
        """The vector of what an organisation seeks, ``None`` without a seeks text."""
        self._check_org(org_id)
        return self.seek_index_.vector(org_id) if org_id in self.seek_index_ else None

    def offer_rows(self, positions: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(which graph positions have an offer vector, those vectors stacked in order): rows
        of the offer index, or of the profile index for an offer shared with the profile."""
        t = self.table_
        orow, prow = t.offer_row[positions], t.row[positions]
        own = orow >= 0
        ok = own | ((t.offer_profile[positions] == 1) & (prow >= 0))
        out = np.empty((int(ok.sum()), self.index_.dim), dtype=np.float32)
        mine = own[ok]
        out[mine] = self.offer_index_.matrix[orow[ok][mine]]
        out[~mine] = self.index_.matrix[prow[ok][~mine]]
        return ok, out

    # ================================================================= queries
    def suggest_partners(
        self,
        org_id: int,
        k: int = 10,
        kinds: set[str] | None = None,
        exclude: Iterable[int] = frozenset(),
    ) -> list[Suggestion]:
        """Partners for one organisation, best first, each with its explanation.

        Returns an empty list when the organisation has neither text nor collaborations.
        """
        org = self._check_org(org_id)
        check_k(k)
        kinds = check_kinds(kinds)
        excluded = {org_id, *exclude}
        if self.exclude_known_partners and org_id in self.graph_:
            excluded.update(self.graph_.neighbors(org_id))
        return self._rank(
            [org],
            k,
            kinds,
            excluded,
            qvec=self._vec(self.index_, org_id),
            text_row=self.explainer_.row(org_id),
            query_text=self._explain_text(org),
        )

    def complete_consortium(
        self,
        seed_ids: list[int],
        k: int = 10,
        text: str | None = None,
        kinds: set[str] | None = None,
        exclude: Iterable[int] = frozenset(),
    ) -> list[Suggestion]:
        """Organisations most likely to complete a consortium of ``seed_ids``.

        Args:
            seed_ids: Organisations already in the consortium.
            k: Number of suggestions.
            text: Optional project description; without it the seeds' mean profile is used.
            kinds: Keep only these kinds.
            exclude: Ids never suggested.
        """
        seeds = [self._check_org(s) for s in dict.fromkeys(seed_ids)]
        if not seeds:
            raise ValueError("seed_ids must not be empty")
        check_k(k)
        kinds = check_kinds(kinds)
        if text is not None:
            qvec = self.encoder_.encode(check_texts([text]))[0]
            text_row = self.explainer_.transform(text)
            query_text = text
        else:
            vecs = [v for v in (self._vec(self.index_, s.id) for s in seeds) if v is not None]
            qvec = normalise(np.mean(vecs, axis=0)) if vecs else None
            text_row = self.explainer_.combine([self.explainer_.row(s.id) for s in seeds])
            query_text = "\n".join(self._explain_text(s) for s in seeds)
        excluded = {s.id for s in seeds} | set(exclude)
        return self._rank(
            seeds,
            k,
            kinds,
            excluded,
            qvec=qvec,
            text_row=text_row,
            ranker=self.consortium_ranker_,
            ppr_alpha=self.consortium_ppr_alpha,
            query_text=query_text,
        )

    def rank_for_text(
        self,
        text: str,
        k: int = 10,
        kinds: set[str] | None = None,
        exclude: Iterable[int] = frozenset(),
        trl: int | None = None,
    ) -> list[Suggestion]:
        """Organisations that fit a need described in text (e.g. solvers for a challenge)."""
        self._check_fitted()
        check_k(k)
        kinds = check_kinds(kinds)
        qvec = self.encoder_.encode(check_texts([text]))[0]
        return self._rank(
            [],
            k,
            kinds,
            set(exclude),
            qvec=qvec,
            text_row=self.explainer_.transform(text),
            trl=trl,
            query_text=text,
        )

    def similar(self, org_id: int, k: int = 5) -> list[Suggestion]:
        """Semantic neighbours of an organisation (cosine of profiles only)."""
        self._check_org(org_id)
        check_k(k)
        qvec = self._vec(self.index_, org_id)
        if qvec is None:
            return []
        out = []
        for cid, s in self.index_.search(qvec, k, exclude={org_id}):
            out.append(
                Suggestion(
                    cid,
                    float(s),
                    {"semantic": float(s)},
                    {"semantic": float(s)},
                    self.explainer_.shared_ids(org_id, cid),
                )
            )
        return out

    def rank_items(
        self,
        query_vector: np.ndarray,
        item_ids: list[int],
        item_vectors: np.ndarray,
        item_texts: list[str] | None = None,
        k: int = 10,
        query_text: str | None = None,
    ) -> list[ItemSuggestion]:
        """Rank arbitrary items (challenges, datasets) by cosine with a query vector.

        Args:
            query_vector: E.g. an organisation's profile vector (:meth:`org_vector`).
            item_ids: Ids of the items, returned as given.
            item_vectors: ``(len(item_ids), dim)`` item vectors.
            item_texts: Item texts, for the shared terms.
            k: Number of results.
            query_text: Query text, for the shared terms.
        """
        self._check_fitted()
        check_k(k)
        item_ids = list(item_ids)
        mat = np.asarray(item_vectors, dtype=np.float32)
        if mat.ndim != 2 or mat.shape[0] != len(item_ids):
            raise ValueError("item_vectors must be a 2-d array with one row per item id")
        if item_texts is not None and len(item_texts) != len(item_ids):
            raise ValueError("item_texts must have one text per item id")
        q = np.asarray(query_vector, dtype=np.float32).reshape(-1)
        if mat.shape[0] and q.shape[0] != mat.shape[1]:
            raise ValueError(f"query_vector has dimension {q.shape[0]}, not {mat.shape[1]}")
        scores = normalise(mat) @ normalise(q) if len(item_ids) else np.zeros(0)
        qrow = self.explainer_.transform(query_text) if query_text else None
        out = []
        for r in top_k(scores, k):
            terms = (
                self.explainer_.shared(qrow, self.explainer_.transform(item_texts[r]))
                if item_texts is not None and qrow is not None
                else []
            )
            out.append(ItemSuggestion(item_ids[r], float(scores[r]), terms))
        return out

    def rank_items_for_org(
        self,
        org_id: int,
        item_ids: list[int],
        item_vectors: np.ndarray,
        item_texts: list[str] | None = None,
        k: int = 10,
    ) -> list[ItemSuggestion]:
        """:meth:`rank_items` with an organisation's profile as the query ([] without text)."""
        vec = self.org_vector(org_id)
        if vec is None:
            return []
        return self.rank_items(
            vec,
            item_ids,
            item_vectors,
            item_texts,
            k,
            query_text=self._explain_text(self.orgs_[org_id]),
        )

    # ================================================================= the ranking core
    @staticmethod
    def _vec(index: VectorIndex, org_id: int) -> np.ndarray | None:
        return index.matrix[index.row_of(org_id)] if org_id in index else None

    def _rank(
        self,
        seeds: list[OrgRecord],
        k,
        kinds,
        excluded,
        qvec,
        text_row,
        trl=None,
        ranker=None,
        ppr_alpha=None,
        query_text: str | None = None,
    ):
        has_text = self.text_ is not None and bool(query_text and query_text.strip())
        # One BM25 pass over the documents serves both the signal and the explanation.
        doc_scores = self._lexical_text_scores(query_text) if has_text else None
        out = rank_candidates(
            self,
            seeds,
            k,
            kinds,
            excluded,
            qvec,
            text_row,
            trl,
            ranker,
            ppr_alpha,
            lexical=self.lexical_scores(query_text, doc_scores),
            dense_query=self.reads(query_text),
        )
        if has_text:
            best = self.best_documents(query_text, [s.org_id for s in out], doc_scores)
            for s in out:
                s.best_document = best.get(s.org_id)
        return out
