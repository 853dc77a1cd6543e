"""The matcher's build at scale (issue 18), model-free: random unit vectors for every text.

An offer shared with the profile (``offers_from_profile``) must answer exactly as a copy of the
profile vector in the offer index did, while the offer index holds no copy.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from matching import OrgRecord, PartnerMatcher
from matching.records import KINDS
from matching.table import OrgTable

WORDS = "sepsis biosensor imaging genomics cardiology oncology wearable trial biobank".split()


def _world(n: int = 80, seed: int = 11):
    rng = np.random.default_rng(seed)

    def unit():
        v = rng.normal(size=32).astype(np.float32)
        return v / np.linalg.norm(v)

    orgs, profile, offers, seeks = [], {}, {}, {}
    for i in range(1, n + 1):
        own_offer = i % 4 == 0
        seek = i % 3 == 0
        orgs.append(
            OrgRecord(
                i,
                f"Org {i}",
                KINDS[i % len(KINDS)],
                " ".join(rng.choice(WORDS, 6)),
                offers=" ".join(rng.choice(WORDS, 4)) if own_offer else "",
                seeks=" ".join(rng.choice(WORDS, 4)) if seek else "",
                trl_min=3 if i % 5 == 0 else None,
                trl_max=6 if i % 5 == 0 else None,
                province=("MI", "BG", None)[i % 3],
                region="Lombardia" if i % 2 else None,
                last_active_year=2015 + i % 10,
            )
        )
        profile[i] = unit()
        if own_offer:
            offers[i] = unit()
        if seek:
            seeks[i] = unit()
    edges = [
        (int(a), int(b), 1.0, 2016 + int(a) % 8)
        for a, b in rng.integers(1, n + 1, size=(3 * n, 2))
        if a != b
    ]
    shared = [i for i in profile if i not in offers and i % 2 == 1]  # "has a research profile"
    return orgs, profile, offers, seeks, edges, shared


def _answers(m: PartnerMatcher) -> list:
    out = []
    for oid in m.orgs_:
        out.append([dataclasses.asdict(s) for s in m.suggest_partners(oid, k=8)])
    for a in list(m.orgs_)[::7]:
        out.append([dataclasses.asdict(s) for s in m.complete_consortium([a, a + 1], k=8)])
    return out


def test_offers_shared_with_the_profile_answer_as_copies_did():
    orgs, profile, offers, seeks, edges, shared = _world()
    copied = PartnerMatcher().fit(
        orgs,
        vectors=profile,
        offer_vectors={**offers, **{i: profile[i] for i in shared}},
        seek_vectors=seeks,
        edges=edges,
    )
    sharing = PartnerMatcher().fit(
        orgs,
        vectors=profile,
        offer_vectors=offers,
        seek_vectors=seeks,
        edges=edges,
        offers_from_profile=shared,
    )
    assert len(sharing.offer_index_) == len(offers)  # no copy of a profile row
    assert len(copied.offer_index_) == len(offers) + len(shared)
    for oid in copied.orgs_:
        a, b = copied.offer_vector(oid), sharing.offer_vector(oid)
        assert (a is None) == (b is None) and (a is None or np.array_equal(a, b))
    assert _answers(sharing) == _answers(copied)  # scores and signals bit for bit

    # an update keeps both in step: an owner writes an offer, another loses it
    gains, loses = shared[0], next(iter(offers))
    for m, share in ((copied, False), (sharing, True)):
        rec = m.orgs_[gains]
        m.update_org(dataclasses.replace(rec, offers="biobank"), profile[gains], offers[loses])
        m.update_org(
            dataclasses.replace(m.orgs_[loses], offers=""),
            profile[loses],
            None if share else profile[loses],
            seeks.get(loses),
            offer_from_profile=share,
        )
    assert sharing.offer_vector(loses) is not None and loses not in sharing.offer_index_
    assert np.array_equal(sharing.offer_vector(gains), copied.offer_vector(gains))
    assert _answers(sharing) == _answers(copied)
    sharing.remove_org(shared[1])
    copied.remove_org(shared[1])
    assert _answers(sharing) == _answers(copied)


def test_the_table_written_at_once_equals_one_set_per_record():
    orgs = _world()[0]
    orgs += [
        OrgRecord(900, "Only max", "company", trl_max=5, province="CO"),
        OrgRecord(901, "Only min", "startup", trl_min=2, region="Veneto"),
        OrgRecord(902, "Nothing", "other"),
    ]
    one, many = OrgTable(capacity=4), OrgTable(capacity=4)
    positions = np.arange(len(orgs))[::-1].copy()  # any order of positions
    for p, o in zip(positions, orgs, strict=True):
        one.set(int(p), o)
    many.set_many(positions, orgs)
    assert one._codes == many._codes
    for name in OrgTable._FIELDS:
        a, b = getattr(one, name), getattr(many, name)
        assert a.dtype == b.dtype and np.array_equal(a, b), name
