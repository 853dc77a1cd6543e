"""Research tools of the matching engine (not served by the portal).

* :mod:`.cli` -- ``python -m matching consortium`` (rank missing consortium members from
  ``P.csv`` / ``Q.jsonl`` / ``T.csv``) and ``train-ranker``;
* :mod:`.consortium` -- ``ConsortiumRecommender``, the learned seed-only graph ranker the
  command trains on time windows of ``P.csv``;
* :mod:`.evaluate` -- recall@k, MRR, nDCG, ``hide_half`` (query construction).

The portal side (``matching.encoder``, ``index``, ``engine``, ``graph``, ``lexical``, ``dense``,
``documents``, ``textmatch``, ``fusion``, ``explain``) never imports from here.
``matching.consortium`` and ``matching.evaluate`` re-export the moved names.
"""
