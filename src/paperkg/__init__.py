"""paperkg: knowledge graphs of research papers — ingest → extract → resolve → graph → export."""

from pathlib import Path

__version__ = "0.1.0"

#: The ontology, SHACL shapes, JSON-LD context and concept vocabulary, shipped with the package.
ONTOLOGY = Path(__file__).parent / "ontology"
