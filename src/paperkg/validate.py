"""SHACL validation of an export against `ontology/shapes.ttl` with pyshacl (the `validate` extra)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph

from paperkg import ONTOLOGY
from paperkg.export.rdf import read_rdf

SHAPES = ONTOLOGY / "shapes.ttl"


@dataclass(frozen=True)
class Report:
    """Whether the data conforms, and pyshacl's report: one entry per violation, naming node and constraint."""

    conforms: bool
    text: str
    graph: Graph


def validate(data: Path | Graph) -> Report:
    """Validate an export file (or a parsed graph) against the shapes."""
    try:
        import pyshacl
    except ImportError as error:  # an optional dependency: say how to get it
        raise RuntimeError("SHACL validation needs pyshacl: pip install 'paperkg[validate]'") from error
    graph = read_rdf(data) if isinstance(data, Path) else data
    conforms, report, text = pyshacl.validate(graph, shacl_graph=Graph().parse(SHAPES), advanced=False)
    return Report(bool(conforms), str(text), report)
