"""paperkg: knowledge graphs of research papers — ingest → extract → resolve → graph → export."""

from importlib.metadata import version
from pathlib import Path

__version__ = version("paperkg")

#: The ontology, SHACL shapes, JSON-LD context and concept vocabulary, shipped with the package.
ONTOLOGY = Path(__file__).parent / "ontology"
