"""Complete TDMSci docs with silver labels from a SciERC-only model.

TDMSci annotates Task/Dataset/Metric only, so its "O" tokens include methods (and SciERC's broad
"Material"). With a model trained on SciERC alone, predict on the TDMSci training sentences and
  - add predicted Method / OtherScientificTerm / Generic spans that do not overlap a gold span (silver),
  - mark tokens of predicted Dataset(=Material) spans that do not overlap gold as missing (unknown),
    since TDMSci's narrow "dataset" sense and SciERC's broad "Material" disagree there,
  - keep gold Task/Dataset/Metric and gold O elsewhere.

  python training/silver.py MODEL IN.spacy OUT.spacy [--material {missing,o,silver}]
"""
import argparse

import spacy
from spacy.tokens import DocBin

ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("inp")
ap.add_argument("out")
ap.add_argument("--material", default="missing", choices=["missing", "o", "silver"])
ap.add_argument("--silver-labels", default="Method,OtherScientificTerm,Generic")
a = ap.parse_args()
silver_labels = set(a.silver_labels.split(","))
nlp = spacy.load(a.model)
docs = list(DocBin().from_disk(a.inp).get_docs(nlp.vocab))
preds = list(nlp.pipe([d.text for d in docs]))
out, n_added, n_missing = [], 0, 0
for gold, pred in zip(docs, preds, strict=True):
    gold_spans = list(gold.ents)
    taken = set()
    for e in gold_spans:
        taken.update(range(e.start, e.end))
    ents, missing = list(gold_spans), []
    for e in pred.ents:
        if taken.intersection(range(e.start, e.end)):
            continue
        if e.label_ in silver_labels or (e.label_ == "Dataset" and a.material == "silver"):
            ents.append(gold.char_span(e.start_char, e.end_char, label=e.label_))
            n_added += 1
        elif e.label_ == "Dataset" and a.material == "missing":
            missing.append(gold.char_span(e.start_char, e.end_char))
            n_missing += 1
    ents = [e for e in ents if e is not None]
    gold.set_ents(ents, missing=[m for m in missing if m is not None], default="outside")
    out.append(gold)
DocBin(docs=out).to_disk(a.out)
print(f"{len(out)} docs, {n_added} silver spans added, {n_missing} spans set missing")
