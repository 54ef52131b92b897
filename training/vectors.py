"""Train small in-domain floret vectors on the unlabelled abstracts (spaCy-tokenized, case kept).

  python training/vectors.py --corpus training/corpus --dim 100 --bucket 50000 \
      --out training/corpus/vectors_d100
Writes OUT.floret (text table) and OUT/ (spaCy vectors dir for [initialize] vectors / --paths.vectors).
"""
import argparse
import os
import subprocess
import sys
import time

import floret
import spacy

ap = argparse.ArgumentParser()
ap.add_argument("--corpus", default="training/corpus")
ap.add_argument("--dim", type=int, default=100)
ap.add_argument("--bucket", type=int, default=50000)
ap.add_argument("--epoch", type=int, default=10)
ap.add_argument("--minn", type=int, default=3)
ap.add_argument("--maxn", type=int, default=6)
ap.add_argument("--model", default="cbow")
ap.add_argument("--threads", type=int, default=1)
ap.add_argument("--out", required=True)
a = ap.parse_args()

tok_path = os.path.join(a.corpus, "unlabelled.tok.txt")
if not os.path.exists(tok_path):
    nlp = spacy.blank("en")
    source = os.path.join(a.corpus, "unlabelled.txt")
    with open(source, encoding="utf8") as f, open(tok_path, "w", encoding="utf8") as g:
        for doc in nlp.tokenizer.pipe((line.rstrip("\n") for line in f), batch_size=1000):
            g.write(" ".join(t.text for t in doc if not t.is_space) + "\n")
t0 = time.time()
m = floret.train_unsupervised(tok_path, model=a.model, mode="floret", hashCount=2, bucket=a.bucket,
                              minn=a.minn, maxn=a.maxn, dim=a.dim, epoch=a.epoch, minCount=3,
                              thread=a.threads, verbose=0)
print(f"floret trained in {time.time()-t0:.0f}s")
m.save_floret_vectors(a.out + ".floret")
subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en", a.out + ".floret", a.out,
                "--mode", "floret"], check=True)
