#!/usr/bin/env bash
# 5-fold CV over SciERC train (folds made by convert.py), scored on the held-out fold (4 types).
#   training/cv.sh NAME CONFIG "EXTRA.spacy ..." [spacy overrides...]
# EXTRA files (e.g. TDMSci silver) are added to every fold's training set. Prints mean +- sd.
set -euo pipefail
NAME=$1; CFG=$2; EXTRA=$3; shift 3
CORPUS=${CORPUS:-training/corpus}
LABELS=${LABELS:-}   # "" = 6 labels, "4" = only the four output types
FOLDS=${FOLDS:-"0 1 2 3 4"}
for k in $FOLDS; do
  SET=$CORPUS/sets/cv_${NAME}_$k; rm -rf "$SET"; mkdir -p "$SET"
  ln -s "$(realpath $CORPUS/scierc_fold${k}_trn$LABELS.spacy)" "$SET/a.spacy"
  i=0; for f in $EXTRA; do i=$((i+1)); ln -s "$(realpath $f)" "$SET/x$i.spacy"; done
  VAL=$CORPUS/scierc_fold${k}_val.jsonl DEV=$CORPUS/scierc_fold${k}_val$LABELS.spacy \
    training/run.sh "cv_${NAME}_$k" "$CFG" "$SET" "$@"
done
python - "$NAME" <<'PY'
import json, sys, statistics as st, glob
name = sys.argv[1]
fs = sorted(glob.glob(f"training/runs/cv_{name}_[0-9]/eval.json"))
res = [json.load(open(f))["scierc"] for f in fs]
out = {}
for lab in ["micro", "Method", "Task", "Dataset", "Metric"]:
    v = [r[lab]["f1"] for r in res]
    out[lab] = (round(st.mean(v), 4), round(st.stdev(v), 4) if len(v) > 1 else 0.0)
print(f"CV {name} ({len(res)} folds):", " ".join(f"{k}={m:.3f}+-{s:.3f}" for k, (m, s) in out.items()))
json.dump(out, open(f"training/runs/cv_{name}.json", "w"))
PY
