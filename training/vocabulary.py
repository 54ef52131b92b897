"""Build `ontology/vocabulary.ttl`: the SKOS vocabulary of known methods, tasks, datasets and metrics.

Methods and tasks come from Papers with Code (CC-BY-SA 4.0, attribution kept in the file); datasets and
metrics are a short list curated by hand for this project. Run from the repository root:

    python training/vocabulary.py ../shared/data/pwc ontology/vocabulary.ttl
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections import defaultdict
from itertools import pairwise
from pathlib import Path

from rdflib import DCTERMS, RDF, SKOS, Graph, Literal, Namespace, URIRef

PKG = Namespace("https://w3id.org/paperkg/ontology#")
PWC = "https://paperswithcode.com/"
CURATED = "https://w3id.org/paperkg/vocabulary/"

#: Datasets ML abstracts name most, with the spellings people use.
DATASETS = {
    "ImageNet": ["ILSVRC", "ImageNet-1k", "ILSVRC 2012"],
    "CIFAR-10": [],
    "CIFAR-100": [],
    "MNIST": [],
    "Fashion-MNIST": ["FashionMNIST"],
    "SVHN": ["Street View House Numbers"],
    "MS COCO": ["COCO", "MSCOCO", "Microsoft COCO"],
    "PASCAL VOC": ["VOC", "Pascal VOC 2012"],
    "Cityscapes": [],
    "ADE20K": [],
    "KITTI": [],
    "nuScenes": [],
    "CelebA": [],
    "FFHQ": [],
    "LSUN": [],
    "Omniglot": [],
    "miniImageNet": ["mini-ImageNet"],
    "tieredImageNet": ["tiered-ImageNet"],
    "CUB-200-2011": ["CUB", "Caltech-UCSD Birds"],
    "Tiny ImageNet": [],
    "STL-10": [],
    "ShapeNet": [],
    "ModelNet40": [],
    "ScanNet": [],
    "DTU": [],
    "Tanks and Temples": [],
    "Kinetics": ["Kinetics-400"],
    "UCF101": [],
    "HMDB51": [],
    "SQuAD": [],
    "GLUE": [],
    "SuperGLUE": [],
    "Penn Treebank": ["PTB"],
    "WikiText-103": [],
    "CoNLL-2003": [],
    "OntoNotes": [],
    "SNLI": [],
    "MultiNLI": ["MNLI"],
    "SST-2": [],
    "IMDb": [],
    "WMT": [],
    "LibriSpeech": [],
    "TIMIT": [],
    "Atari": ["Atari 2600", "Arcade Learning Environment"],
    "MuJoCo": [],
    "D4RL": [],
    "Cora": [],
    "Citeseer": [],
    "PubMed": [],
    "OGB": ["Open Graph Benchmark"],
    "QM9": [],
    "ZINC": [],
    "MoleculeNet": [],
    "Waymo Open Dataset": [],
    "Argoverse": [],
    "WILDS": [],
    "DomainNet": [],
    "Office-31": [],
    "Office-Home": [],
    "PACS": [],
}

#: Evaluation metrics, with the acronyms and spellings people use.
METRICS = {
    "accuracy": ["top-1 accuracy", "top-5 accuracy", "classification accuracy"],
    "F1 score": ["F1", "F-score", "F1-score", "F-measure"],
    "precision": [],
    "recall": [],
    "BLEU": ["BLEU score"],
    "ROUGE": ["ROUGE-L"],
    "perplexity": [],
    "mean average precision": ["mAP"],
    "intersection over union": ["IoU", "mIoU", "mean IoU"],
    "area under the ROC curve": ["AUC", "AUROC", "ROC AUC"],
    "Fréchet Inception Distance": ["FID"],
    "Inception Score": ["IS"],
    "PSNR": ["peak signal-to-noise ratio"],
    "SSIM": ["structural similarity"],
    "mean squared error": ["MSE"],
    "root mean squared error": ["RMSE"],
    "mean absolute error": ["MAE"],
    "word error rate": ["WER"],
    "negative log-likelihood": ["NLL"],
    "expected calibration error": ["ECE"],
    "success rate": [],
    "regret": ["cumulative regret"],
    "sample efficiency": [],
    "robust accuracy": ["adversarial accuracy"],
}

_JUNK = re.compile(r"[<>{}\\`|;=]|https?:|^\W|^\d+k?$", re.IGNORECASE)


def clean_tasks(names: list[str]) -> list[str]:
    """Papers with Code task names minus scraping junk: truncated names, markup, stray short strings."""
    names = (" ".join(name.split()) for name in names)
    kept = sorted({name for name in names if len(name) >= 4 and not _JUNK.search(name)})
    truncated = {a for a, b in pairwise(kept)
                 if b.startswith(a) and a[-1].isalpha() and b[len(a)].isalpha()}
    return [name for name in kept if name not in truncated]


def build(pwc: Path) -> Graph:
    graph = Graph()
    graph.bind("skos", SKOS)
    graph.bind("pkg", PKG)
    graph.bind("dcterms", DCTERMS)
    attribution = Literal("Methods and tasks: Papers with Code (paperswithcode.com), CC-BY-SA 4.0. "
                          "Datasets and metrics: curated by the paperkg developers.")
    scheme = URIRef(CURATED)
    graph.add((scheme, RDF.type, SKOS.ConceptScheme))
    graph.add((scheme, DCTERMS.source, URIRef(PWC)))
    graph.add((scheme, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by-sa/4.0/")))
    graph.add((scheme, DCTERMS.rights, attribution))

    def concept(iri: str, kind: str, label: str, alts: list[str]) -> URIRef:
        label, alts = " ".join(label.split()), [" ".join(alt.split()) for alt in alts]
        node = URIRef(iri)
        graph.add((node, RDF.type, SKOS.Concept))
        graph.add((node, PKG.kind, Literal(kind)))
        graph.add((node, SKOS.inScheme, scheme))
        graph.add((node, SKOS.prefLabel, Literal(label, lang="en")))
        for alt in sorted(set(alts) - {label}):
            graph.add((node, SKOS.altLabel, Literal(alt, lang="en")))
        return node

    for method in json.loads((pwc / "methods.json").read_text(encoding="utf-8")):
        name, full = (method["name"] or "").strip(), (method["full_name"] or "").strip()
        if not method.get("description") or len(name) < 2:
            continue
        node = concept(method["url"], "Method", full or name, [name])
        for collection in method.get("collections", []):
            if collection.get("area"):
                graph.add((node, PKG.area, Literal(collection["area"])))
            if collection.get("collection"):
                graph.add((node, PKG.collection, Literal(collection["collection"])))

    tasks = clean_tasks([line.strip().strip('"') for line in (pwc / "tasks_raw.txt").open(encoding="utf-8")])
    task_iri = {name: f"{PWC}task/{re.sub(r'[^a-z0-9]+', '-', name.lower()).strip('-')}" for name in tasks}
    spellings: dict[str, list[str]] = defaultdict(list)  # one IRI, several spellings: one prefLabel (SKOS S14)
    for name in tasks:
        spellings[task_iri[name]].append(name)
    for iri, names in spellings.items():
        label = min(names, key=lambda name: (name.islower(), name))
        concept(iri, "Task", label, names)
    with (pwc / "task_hierarchy.csv").open(encoding="utf-8") as rows:
        for row in csv.DictReader(rows):
            parent = " ".join(row["Parent Task"].split())
            for child in (" ".join(c.split()).rstrip(".") for c in row["Child Tasks"].split(";")):
                if parent in task_iri and child in task_iri and child != parent:
                    graph.add((URIRef(task_iri[child]), SKOS.broader, URIRef(task_iri[parent])))

    for kind, entries in (("Dataset", DATASETS), ("Metric", METRICS)):
        for label, alts in entries.items():
            slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
            concept(f"{CURATED}{kind.lower()}/{slug}", kind, label, alts)
    return graph


def main(pwc: str, out: str) -> None:
    graph = build(Path(pwc))
    Path(out).write_text(graph.serialize(format="turtle"), encoding="utf-8")
    print(f"{out}: {len(graph)} triples")


if __name__ == "__main__":
    main(*sys.argv[1:3])
