"""Run the official open-data validators of ../shared/standards on the portal's RDF.

Three validators, run the way the EU and national portals run them (see the standards README):
- DCAT-AP 3.0.1 SHACL (shapes, ranges, controlled-vocabulary and deprecated-URI shapes);
- HealthDCAT-AP Release 8 SHACL, one shape file per access level, plus the health ranges;
- AgID DCAT-AP_IT: every SPARQL rule (`rule-*.rq`); a rule that returns rows fails.
Vocabularies (EU authority tables, ADMS, AgID licences) are loaded into the data graph so that
sh:class / skos:inScheme checks see the concepts; only results on the portal's own nodes count.
"""

from __future__ import annotations

import functools
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import owlrl
import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, RDF, SH, SKOS
from rdflib.plugins.sparql import prepareQuery

REPO = Path(__file__).resolve().parents[2]
EU = "http://publications.europa.eu/resource/authority/"
LEVELS = ("PUBLIC", "RESTRICTED", "NON_PUBLIC")
DCAT_AP_FILES = ("shapes.ttl", "range.ttl", "mdr-vocabularies.shape.ttl", "deprecateduris.ttl")
VOCAB_FILES = (
    "ADMS_SKOS_v1.00.rdf",
    "continents-skos-ap-act.rdf",
    "data-theme-skos-ap-act.rdf",
    "filetypes-skos-ap-act.rdf",
    "frequencies-skos-ap-act.rdf",
    "licences-it.ttl",
)
AGID_ONTOLOGIES = ("DCAT-AP_IT.owl", "Licenze.ttl", "vcard-ns.ttl")
# Not available offline (README): the access-right and language tables. Their membership is
# stated for the real codes the portal uses, nothing more.
STATED_SCHEMES = {
    "access-right": ("PUBLIC", "RESTRICTED", "NON_PUBLIC"),
    "language": ("ITA", "ENG"),
}


def standards_dir() -> Path | None:
    """The standards folder: PORTAL_STANDARDS_DIR, else shared/standards beside a parent folder."""
    env = os.environ.get("PORTAL_STANDARDS_DIR")
    if env:
        return Path(env) if Path(env).is_dir() else None
    for parent in REPO.parents:
        candidate = parent / "shared" / "standards"
        if candidate.is_dir():
            return candidate
    return None


def _parse_all(paths) -> Graph:
    g = Graph()
    for path in paths:
        g.parse(path, format="xml" if path.suffix in (".rdf", ".owl") else "turtle")
    return g


@functools.cache
def vocabularies() -> Graph:
    """The SKOS vocabularies plus the stated access-right / language concepts."""
    root = standards_dir()
    g = _parse_all(root / "vocabularies" / name for name in VOCAB_FILES)
    for scheme, codes in STATED_SCHEMES.items():
        for code in codes:
            concept = URIRef(f"{EU}{scheme}/{code}")
            g.add((concept, RDF.type, SKOS.Concept))
            g.add((concept, SKOS.inScheme, URIRef(f"{EU}{scheme}")))
            g.add((concept, SKOS.prefLabel, Literal(code)))
    return g


@functools.cache
def _vocab_index() -> dict:
    index: dict = {}
    for s, p, o in vocabularies():
        index.setdefault(s, []).append((s, p, o))
    return index


def _background(data: Graph) -> list[tuple]:
    """The vocabulary triples about the IRIs the data points to, and about their schemes.

    Loading the whole authority tables (tens of thousands of triples) into every validation
    gives the same results (shapes only look at the concepts the data uses) and is 50x slower.
    """
    index = _vocab_index()
    wanted = {o for o in data.objects() if isinstance(o, URIRef)}
    wanted |= {s for s in data.subjects() if isinstance(s, URIRef)}
    wanted |= set(data.predicates())
    out = []
    for node in wanted:
        out.extend(index.get(node, ()))
    for scheme in {o for _s, p, o in out if p == SKOS.inScheme}:
        out.extend(index.get(scheme, ()))
    return out


@functools.cache
def shapes(name: str) -> Graph:
    """Shapes graph: 'dcat-ap' or 'healthdcat-ap:<LEVEL>'."""
    root = standards_dir()
    if name == "dcat-ap":
        return _parse_all(root / "dcat-ap-3.0.1" / f for f in DCAT_AP_FILES)
    level = name.split(":", 1)[1]
    health = root / "healthdcat-ap-r8"
    return _parse_all([health / f"shapes-{level}.ttl", health / "range-health.ttl"])


@functools.cache
def agid_rules() -> tuple[tuple[str, object], ...]:
    """(rule file name, prepared query) of every active AgID rule (`*.rq.suspended` are not).

    Parsing the 154 queries costs seconds; evaluating them on one export takes milliseconds,
    so they are prepared once per process.
    """
    folder = standards_dir() / "dcat-ap_it" / "validators" / "sparql"
    return tuple((p.name, prepareQuery(p.read_text())) for p in sorted(folder.glob("rule-*.rq")))


@functools.cache
def agid_ontologies() -> Graph:
    """The three ontology files the AgID rules are run with."""
    return _parse_all(standards_dir() / "dcat-ap_it" / f for f in AGID_ONTOLOGIES)


@dataclass
class Finding:
    """One validator result on a portal node."""

    validator: str
    severity: str
    focus: str
    path: str
    message: str


@dataclass
class Report:
    """Findings of every validator on one graph."""

    findings: list[Finding] = field(default_factory=list)

    def violations(self, validator: str | None = None) -> list[Finding]:
        """Errors (sh:Violation, AgID 'error'), optionally of one validator."""
        return [
            f
            for f in self.findings
            if f.severity == "violation" and (validator is None or f.validator == validator)
        ]

    def warnings(self) -> list[Finding]:
        """Everything that is not an error."""
        return [f for f in self.findings if f.severity != "violation"]

    def counts(self) -> Counter:
        """Violations per validator."""
        return Counter(f.validator for f in self.violations())

    def describe(self, limit: int = 40) -> str:
        """A readable list of the violations (for assertion messages)."""
        lines = [f"{f.validator} {f.focus} {f.path}: {f.message}" for f in self.violations()]
        extra = f"\n... and {len(lines) - limit} more" if len(lines) > limit else ""
        return "\n".join(lines[:limit]) + extra


def _level_of(graph: Graph, dataset) -> str:
    rights = str(graph.value(dataset, DCTERMS.accessRights) or "")
    level = rights.rsplit("/", 1)[-1]
    return level if level in LEVELS else "PUBLIC"


def _owner(graph: Graph, node) -> object:
    """The dataset a node belongs to (itself, or the dataset of a distribution)."""
    if (node, RDF.type, DCAT.Dataset) in graph:
        return node
    return graph.value(None, DCAT.distribution, node)


def _shacl(data: Graph, shapes_graph: Graph, name: str, inference: str) -> list[tuple]:
    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in _background(data):
        merged.add(triple)
    _conforms, results, _text = pyshacl.validate(
        merged, shacl_graph=shapes_graph, inference=inference, allow_warnings=True
    )
    out = []
    # Only the report's own results: pyshacl also writes the nested sh:detail results of
    # sh:node / sh:or checks, which carry no severity of their own.
    top = [
        r
        for rep in results.subjects(RDF.type, SH.ValidationReport)
        for r in results.objects(rep, SH.result)
    ]
    for res in top:
        focus = results.value(res, SH.focusNode)
        if (focus, None, None) not in data:
            continue
        severity = results.value(res, SH.resultSeverity)
        out.append(
            (
                focus,
                "violation" if severity == SH.Violation else str(severity).rsplit("#", 1)[-1],
                str(results.value(res, SH.resultPath) or ""),
                str(results.value(res, SH.resultMessage) or results.value(res, SH.sourceShape)),
            )
        )
    return out


def _agid(data: Graph, inference: str) -> list[Finding]:
    merged = Graph()
    for triple in data:
        merged.add(triple)
    for triple in agid_ontologies():
        merged.add(triple)
    if inference == "rdfs":
        owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(merged)
    found = []
    for name, query in agid_rules():
        for row in merged.query(query):
            values = row.asdict()
            severity = str(values.get("Rule_Severity", "error"))
            subject = values.get("s")
            if subject is not None and (subject, None, None) not in data:
                continue
            found.append(
                Finding(
                    "agid",
                    "violation" if severity == "error" else severity,
                    str(subject),
                    f"rule {values.get('Rule_ID', name)}",
                    str(values.get("Message") or values.get("Rule_Description") or name),
                )
            )
    return found


def validate(data: Graph, inference: tuple[str, ...] = ("none", "rdfs")) -> Report:
    """Every validator on the graph; HealthDCAT-AP picks each dataset's access-level shapes."""
    report = Report()
    seen: set[tuple] = set()

    def add(finding: Finding) -> None:
        key = (finding.validator, finding.focus, finding.path, finding.message)
        if key not in seen:
            seen.add(key)
            report.findings.append(finding)

    for inf in inference:
        for focus, sev, path, msg in _shacl(data, shapes("dcat-ap"), "dcat-ap", inf):
            add(Finding("dcat-ap-3.0.1", sev, str(focus), path, msg))
        levels = {_level_of(data, d) for d in data.subjects(RDF.type, DCAT.Dataset)} or {"PUBLIC"}
        for level in sorted(levels):
            for focus, sev, path, msg in _shacl(
                data, shapes(f"healthdcat-ap:{level}"), "health", inf
            ):
                owner = _owner(data, focus)
                # Shapes of one level judge only the datasets (and their distributions) of that
                # level; nodes that belong to no dataset (catalogue, agents) are judged by each.
                if owner is not None and _level_of(data, owner) != level:
                    continue
                add(Finding("healthdcat-ap-r8", sev, str(focus), path, msg))
        for finding in _agid(data, inf):
            add(finding)
    return report
