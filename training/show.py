"""Print entities a pipeline finds in natural text (default: the first abstracts of the ICLR seed page).
  python training/show.py MODEL [TEXT_FILE] [--n 5]"""
import argparse
from pathlib import Path

import spacy

ap = argparse.ArgumentParser()
ap.add_argument("model")
ap.add_argument("text", nargs="?", default="../shared/seeds/000_e7094100f421def0.txt")
ap.add_argument("--n", type=int, default=4)
a = ap.parse_args()
nlp = spacy.load(a.model)
paras = [p.strip() for p in Path(a.text).read_text(encoding="utf8").split("\n\n")]
abstracts = [p for p in paras if len(p.split()) > 60][: a.n]
KEEP = {"Method", "Task", "Dataset", "Metric"}
for doc in nlp.pipe(abstracts):
    print(doc.text[:100], "...")
    print("   ", " | ".join(f"{e.text} [{e.label_}]" for e in doc.ents if e.label_ in KEEP))
