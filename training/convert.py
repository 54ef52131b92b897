"""Convert SciERC + TDMSci into spaCy DocBins (and raw text for vectors / pretraining).

Text convention (same as the evaluation): the corpus tokens joined with single spaces, PTB bracket
tokens restored (-LRB- -> "(", ...). Gold spans are character offsets into that text; they are
aligned to spaCy's own tokenizer (``spacy.blank("en")``) with ``alignment_mode="strict"``, and any span
that does not align is counted and reported (with space-joined text there should be none).

Outputs (in --out, default training/corpus, gitignored):
  scierc_train.spacy / scierc_dev.spacy     one Doc per abstract, 6 SciERC labels, Material -> Dataset
  scierc_train4.spacy / scierc_dev4.spacy   same, only Method/Task/Dataset/Metric (others -> O)
  scierc_fold{k}_{trn,val}[4].spacy         5 seeded folds over SciERC train (CV)
  tdmsci_train.spacy / tdmsci_dev.spacy     one Doc per sentence, Task/Dataset/Metric; seeded 80/20 split
                                            by blocks of 10 consecutive sentences (document ids are not
                                            in the file; consecutive sentences often come from one paper)
  tdmsci_train_miss.spacy                   TDMSci train with non-entity tokens marked *missing* instead
                                            of O (does not teach "methods are O")
  tdmsci_all.spacy                          all TDMSci (dev split included) - only for the final models
  tdmsci_dev.jsonl, scierc_dev.jsonl        text + gold char spans, for evaluate.py
  unlabelled.txt                            paperlists abstracts + train texts, one per line (vectors, pretrain)
  unlabelled.jsonl                          same as {"text": ...} lines (spacy pretrain)
"""
from __future__ import annotations

import argparse
import glob
import json
import random
from pathlib import Path

import spacy
from spacy.tokens import DocBin

from paperkg.extract.evaluation import LABEL_MAPS, Example, read_scierc, read_tdmsci

#: SciERC labels kept for training (all six: OtherScientificTerm and Generic help boundaries), as ours.
SCIERC_ALL = {**LABEL_MAPS["scierc"], "OtherScientificTerm": "OtherScientificTerm", "Generic": "Generic"}
MAIN4 = {"Method", "Task", "Dataset", "Metric"}
SEED = 13
N_FOLDS = 5
TDM_BLOCK = 10
TDM_DEV_FRAC = 0.2


def resolve_overlaps(spans):
    """Flat NER needs non-overlapping spans: keep longer spans first (ties: earlier)."""
    keep = []
    for s in sorted(spans, key=lambda x: (-(x[1] - x[0]), x[0])):
        if all(s[1] <= k[0] or s[0] >= k[1] for k in keep):
            keep.append(s)
    return sorted(keep), len(spans) - len(keep)


def make_docs(nlp, recs: list[Example], labels=None, missing=False, stats=None):
    docs = []
    for r in recs:
        doc = nlp.make_doc(r.text)
        spans = [s for s in r.spans if labels is None or s[2] in labels]
        spans, dropped = resolve_overlaps(spans)
        ents = []
        for s, e, lab in spans:
            sp = doc.char_span(s, e, label=lab, alignment_mode="strict")
            if sp is None:
                if stats is not None:
                    stats["misaligned"] += 1
                    stats.setdefault("examples", []).append(r.text[s:e])
                continue
            ents.append(sp)
        if stats is not None:
            stats["spans"] += len(spans)
            stats["overlap_dropped"] += dropped
        doc.set_ents(ents, default="missing" if missing else "outside")
        # sentence starts (not used by ner, but keeps docs informative)
        docs.append(doc)
    return docs


def save(docs, path):
    DocBin(docs=docs, store_user_data=False).to_disk(path)


def write_jsonl(recs: list[Example], path: Path, labels) -> None:
    """Gold in the JSONL form `paperkg eval --format jsonl` reads: {id, text, mentions: [{start, end, label}]}."""
    with open(path, "w", encoding="utf8") as f:
        for r in recs:
            mentions = [{"start": a, "end": b, "label": lab} for a, b, lab in sorted(r.spans) if lab in labels]
            f.write(json.dumps({"id": r.id, "text": r.text, "mentions": mentions}) + "\n")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default="../shared/data")
    ap.add_argument("--out", default="training/corpus")
    ap.add_argument("--no-unlabelled", action="store_true")
    a = ap.parse_args()
    data, out = Path(a.data), Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    nlp = spacy.blank("en")

    sc_train = read_scierc(data / "scierc/train.json", SCIERC_ALL)
    sc_dev = read_scierc(data / "scierc/dev.json", SCIERC_ALL)
    tdm = read_tdmsci(data / "tdmsci/train_1500_v2.conll")

    report = {}
    for name, recs in [("scierc_train", sc_train), ("scierc_dev", sc_dev)]:
        for suffix, labels in [("", None), ("4", MAIN4)]:
            st = {"spans": 0, "misaligned": 0, "overlap_dropped": 0}
            save(make_docs(nlp, recs, labels, stats=st), out / f"{name}{suffix}.spacy")
            report[name + suffix] = st
    # 5 folds over SciERC train (by abstract)
    idx = list(range(len(sc_train)))
    random.Random(SEED).shuffle(idx)
    folds = [sorted(idx[k::N_FOLDS]) for k in range(N_FOLDS)]
    for k, val in enumerate(folds):
        vs = set(val)
        trn_recs = [sc_train[i] for i in idx if i not in vs]
        val_recs = [sc_train[i] for i in val]
        for suffix, labels in [("", None), ("4", MAIN4)]:
            save(make_docs(nlp, trn_recs, labels), out / f"scierc_fold{k}_trn{suffix}.spacy")
            save(make_docs(nlp, val_recs, labels), out / f"scierc_fold{k}_val{suffix}.spacy")
        write_jsonl(val_recs, out / f"scierc_fold{k}_val.jsonl", MAIN4)
    (out / "scierc_folds.json").write_text(json.dumps([[sc_train[i].id for i in f] for f in folds]))

    # TDMSci: seeded split by blocks of consecutive sentences
    nblocks = (len(tdm) + TDM_BLOCK - 1) // TDM_BLOCK
    bidx = list(range(nblocks))
    random.Random(SEED).shuffle(bidx)
    dev_blocks = set(bidx[: round(nblocks * TDM_DEV_FRAC)])
    tdm_dev = [r for i, r in enumerate(tdm) if i // TDM_BLOCK in dev_blocks]
    tdm_train = [r for i, r in enumerate(tdm) if i // TDM_BLOCK not in dev_blocks]
    (out / "tdmsci_dev_ids.json").write_text(json.dumps(sorted(r.id for r in tdm_dev)))
    for name, recs, miss in [("tdmsci_train", tdm_train, False), ("tdmsci_train_miss", tdm_train, True),
                             ("tdmsci_dev", tdm_dev, False), ("tdmsci_all", tdm, False),
                             ("tdmsci_all_miss", tdm, True)]:
        st = {"spans": 0, "misaligned": 0, "overlap_dropped": 0}
        save(make_docs(nlp, recs, None, missing=miss, stats=st), out / f"{name}.spacy")
        report[name] = st
    write_jsonl(sc_dev, out / "scierc_dev.jsonl", MAIN4)
    write_jsonl(tdm_dev, out / "tdmsci_dev.jsonl", {"Task", "Dataset", "Metric"})
    write_jsonl(tdm_train, out / "tdmsci_train.jsonl", {"Task", "Dataset", "Metric"})

    if not a.no_unlabelled:
        texts = []
        for f in sorted(glob.glob(str(data / "paperlists/**/*.json"), recursive=True)):
            for rec in json.loads(Path(f).read_text(encoding="utf8")):
                ab = (rec.get("abstract") or "").strip()
                if len(ab.split()) >= 20:
                    texts.append(" ".join(ab.split()))
        texts += [r.text for r in sc_train] + [r.text for r in tdm_train]
        with open(out / "unlabelled.txt", "w", encoding="utf8") as f, \
                open(out / "unlabelled.jsonl", "w", encoding="utf8") as g:
            for t in texts:
                f.write(t + "\n")
                g.write(json.dumps({"text": t}) + "\n")
        report["unlabelled_texts"] = len(texts)

    print(json.dumps({k: {kk: vv for kk, vv in v.items() if kk != "examples"} if isinstance(v, dict) else v
                      for k, v in report.items()}, indent=1))
    print(f"tdmsci: {len(tdm_train)} train / {len(tdm_dev)} dev sentences")


if __name__ == "__main__":
    main()
