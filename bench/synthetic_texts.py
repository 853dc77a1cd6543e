"""Synthetic organisation documents and project texts for validating the text path.

CORDIS gives no project text, so this builds a *topical* world on top of the real graph:
communities of the pre-cutoff health co-participation graph get one health topic each; every
organisation gets one document per topic of its past health projects (plus a name/city/type
document), and a query project gets a description of the majority topic of its members, with
different words and sentence patterns than the documents. What it validates: the plumbing,
the aggregation of several documents per organisation (mean vs max-sim), and the weight of the
popularity prior. What it does not: how well MiniLM reads real project abstracts.
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict

TOPICS = [
    (
        "cancer immunotherapy",
        "tumour immunology, checkpoint inhibitors, CAR-T cells, "
        "neoantigens, oncology trials, immune response to tumours",
    ),
    (
        "antimicrobial resistance",
        "antibiotics, resistant bacteria, new antimicrobials, "
        "infection control, bacterial genomics, stewardship",
    ),
    (
        "neurodegenerative disease",
        "Alzheimer's disease, Parkinson's disease, dementia, "
        "neuroinflammation, protein aggregation, cognitive decline",
    ),
    (
        "cardiovascular disease",
        "heart failure, atherosclerosis, hypertension, cardiac imaging, "
        "stroke prevention, vascular biology",
    ),
    (
        "diabetes and metabolism",
        "type 2 diabetes, insulin resistance, obesity, metabolic "
        "syndrome, glucose control, nutrition",
    ),
    (
        "rare genetic diseases",
        "rare disease registries, gene therapy, orphan drugs, inherited "
        "disorders, genetic diagnosis, patient cohorts",
    ),
    (
        "vaccines and infectious disease",
        "vaccine development, HIV, tuberculosis, malaria, epidemics, immunisation programmes",
    ),
    (
        "mental health",
        "depression, schizophrenia, psychotherapy, youth mental health, "
        "psychiatric care, suicide prevention",
    ),
    (
        "digital health and telemedicine",
        "mobile health apps, remote monitoring, telemedicine, "
        "electronic health records, patient empowerment, digital care pathways",
    ),
    (
        "medical imaging and AI",
        "radiology, MRI, deep learning, image analysis, computer-aided "
        "diagnosis, imaging biomarkers",
    ),
    (
        "healthy ageing",
        "frailty, elderly care, active ageing, falls prevention, multimorbidity, "
        "integrated care for older people",
    ),
    (
        "maternal and child health",
        "pregnancy, neonatal care, preterm birth, child development, paediatrics, breastfeeding",
    ),
    (
        "personalised medicine and omics",
        "genomics, proteomics, biomarkers, precision medicine, "
        "multi-omics data, patient stratification",
    ),
    (
        "environment and health",
        "air pollution, chemical exposure, exposome, endocrine "
        "disruptors, climate and health, environmental epidemiology",
    ),
    (
        "health systems and policy",
        "health economics, health technology assessment, care "
        "quality, health workforce, policy evaluation, equity of access",
    ),
    (
        "regenerative medicine",
        "stem cells, tissue engineering, organoids, biomaterials, cell "
        "therapy, regeneration of damaged tissue",
    ),
    (
        "respiratory disease",
        "asthma, COPD, lung function, respiratory infections, inhaled "
        "therapies, pulmonary rehabilitation",
    ),
    (
        "nutrition and food",
        "diet, microbiome, food safety, nutritional epidemiology, healthy eating, gut health",
    ),
    (
        "drug discovery",
        "small molecules, high-throughput screening, target validation, "
        "medicinal chemistry, preclinical models, drug safety",
    ),
    (
        "clinical trials methodology",
        "trial design, adaptive trials, regulatory science, "
        "real-world evidence, patient recruitment, statistics",
    ),
]

DOC_PATTERNS = [
    "{name} works on {topic}: {k1}, {k2} and {k3}.",
    "Our group studies {k1} and {k2} as part of research on {topic}; we also contribute {k3}.",
    "Project activity of {name} in {topic}, covering {k1}, {k2}, {k3}.",
]
QUERY_PATTERNS = [
    "We are looking for partners for a project on {topic}. The consortium will address {k1} "
    "and {k2}, with a focus on {k3}.",
    "Call for collaboration: a research and innovation action tackling {k1} and {k2} in the "
    "field of {topic}.",
]
TYPE_WORDS = {
    "HES": "university",
    "REC": "research institute",
    "PRC": "company",
    "PUB": "public body",
    "OTH": "organisation",
}


def _fill(pattern: str, topic: int, rng: random.Random, name: str = "") -> str:
    title, words = TOPICS[topic]
    k = [w.strip() for w in words.split(",")]
    k1, k2, k3 = rng.sample(k, 3)
    return pattern.format(name=name or "This organisation", topic=title, k1=k1, k2=k2, k3=k3)


def build_world(health_members: dict[str, set[int]], graph_projects: set[str], seed: int = 0):
    """Assign topics: communities of the health co-participation graph before the cutoff."""
    import networkx as nx

    g = nx.Graph()
    for p in sorted(graph_projects):  # fixed order: Louvain depends on insertion order
        ms = sorted(health_members[p])
        g.add_edges_from((a, b) for i, a in enumerate(ms) for b in ms[i + 1 :])
    comms = sorted(nx.community.louvain_communities(g, seed=seed), key=len, reverse=True)
    topic_of_org = {o: i % len(TOPICS) for i, c in enumerate(comms) for o in c}
    return topic_of_org


def project_topic(members: set[int], topic_of_org: dict[int, int], rng: random.Random) -> int:
    """Majority topic of a project's known members (random when none is known)."""
    votes = Counter(topic_of_org[o] for o in members if o in topic_of_org)
    return votes.most_common(1)[0][0] if votes else rng.randrange(len(TOPICS))


def org_documents(health_members, graph_projects, topic_of_org, orgs_meta, seed: int = 0):
    """``{org_id: [doc, ...]}``: one document per topic of its past health projects + identity."""
    rng = random.Random(seed)
    topics = defaultdict(set)
    for p in sorted(graph_projects):
        t = project_topic(health_members[p], topic_of_org, rng)
        for o in health_members[p]:
            topics[o].add(t)
    docs = {}
    for o, ts in topics.items():
        meta = orgs_meta.get(o, {})
        name = meta.get("name", "")
        out = [_fill(rng.choice(DOC_PATTERNS), t, rng, name) for t in sorted(ts)]
        if name:
            kind = TYPE_WORDS.get(meta.get("activity_type", ""), "organisation")
            out.append(f"{name}, {kind} based in {meta.get('city') or meta.get('country')}.")
        docs[o] = out
    return docs


def query_text(members: set[int], topic_of_org, seed: int) -> str:
    """A project description of the consortium's majority topic."""
    rng = random.Random(seed)
    t = project_topic(members, topic_of_org, rng)
    return _fill(rng.choice(QUERY_PATTERNS), t, rng)


# --- A more specific world: many small research lines with their own vocabulary -------------

METHODS = [
    "randomised controlled trials",
    "mouse models",
    "machine learning on clinical data",
    "qualitative interviews",
    "prospective cohort studies",
    "organ-on-chip platforms",
    "mass spectrometry",
    "single-cell sequencing",
    "wearable sensors",
    "health economic modelling",
    "zebrafish screens",
    "nanoparticle delivery",
    "registry linkage",
    "CRISPR gene editing",
    "structural biology",
    "mathematical modelling",
    "point-of-care diagnostics",
    "implementation science",
    "induced pluripotent stem cells",
    "federated learning across hospitals",
]
POPULATIONS = [
    "children",
    "older adults",
    "pregnant women",
    "low- and middle-income countries",
    "intensive care patients",
    "primary care",
    "migrants",
    "adolescents",
    "people with multimorbidity",
    "rural communities",
]
SYLLABLES = ["ra", "ko", "ve", "ni", "ta", "lu", "mo", "se", "di", "xa", "pe", "zo", "ri", "gu"]
PROJECT_PATTERNS = [
    "{entity}: {method} to study {k1} and {k2} in {population}, within {topic}.",
    "This project applies {method} to {k1} in {population}; the {entity} work package "
    "also addresses {k2}.",
    "Research on {topic} ({entity}) combining {method} with studies of {k1} and {k2}.",
]
SPECIFIC_QUERY_PATTERNS = [
    "We need partners with experience in {method} for a project on {k1} in {population}. "
    "It extends the {entity} line of work on {topic}.",
    "A consortium is being built around {entity}: {k2} and {k1} in {population}, using {method}.",
]


def _entity(i: int) -> str:
    rng = random.Random(1000 + i)
    word = "".join(rng.choice(SYLLABLES) for _ in range(3)).upper()
    return f"{word}-{rng.randrange(10, 99)}"


def build_specific_world(
    health_members: dict[str, set[int]], graph_projects: set[str], seed: int = 0
) -> dict[int, dict]:
    """Research lines: fine communities of the health graph, each with its own vocabulary.

    Returns ``{org_id: line}`` where a line is a dict with a topic, two of its keywords, a
    method, a population and a made-up entity name (an acronym standing for the specific
    molecules, cohorts or devices that real abstracts name).
    """
    import networkx as nx

    g = nx.Graph()
    for p in sorted(graph_projects):  # fixed order: Louvain depends on insertion order
        ms = sorted(health_members[p])
        g.add_edges_from((a, b) for i, a in enumerate(ms) for b in ms[i + 1 :])
    comms = sorted(
        nx.community.louvain_communities(g, resolution=4.0, seed=seed), key=len, reverse=True
    )
    rng = random.Random(seed)
    line_of_org = {}
    for i, comm in enumerate(comms):
        topic = i % len(TOPICS)
        words = [w.strip() for w in TOPICS[topic][1].split(",")]
        line = {
            "id": i,
            "topic": topic,
            "k": rng.sample(words, 3),
            "method": rng.choice(METHODS),
            "population": rng.choice(POPULATIONS),
            "entity": _entity(i),
        }
        for o in comm:
            line_of_org[o] = line
    return line_of_org


def _line_of_project(members, line_of_org, rng):
    votes = Counter(line_of_org[o]["id"] for o in members if o in line_of_org)
    if not votes:
        return None
    best = votes.most_common(1)[0][0]
    return next(o_line for o in members if (o_line := line_of_org.get(o)) and o_line["id"] == best)


def _fill_line(pattern: str, line: dict, rng: random.Random) -> str:
    k1, k2 = rng.sample(line["k"], 2)
    return pattern.format(
        entity=line["entity"],
        method=line["method"],
        population=line["population"],
        topic=TOPICS[line["topic"]][0],
        k1=k1,
        k2=k2,
    )


def specific_documents(health_members, graph_projects, line_of_org, seed: int = 0):
    """``{org_id: [doc, ...]}``: one description per past health project (shared by members)."""
    rng = random.Random(seed)
    docs = defaultdict(list)
    for p in sorted(graph_projects):
        line = _line_of_project(health_members[p], line_of_org, rng)
        if line is None:
            continue
        text = _fill_line(rng.choice(PROJECT_PATTERNS), line, rng)
        for o in sorted(health_members[p]):
            docs[o].append(text)
    return dict(docs)


def specific_query_text(members: set[int], line_of_org, seed: int) -> str | None:
    """The description of a new project of the consortium's majority research line."""
    rng = random.Random(seed)
    line = _line_of_project(members, line_of_org, rng)
    if line is None:
        return None
    return _fill_line(rng.choice(SPECIFIC_QUERY_PATTERNS), line, rng)
