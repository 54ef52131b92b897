#!/usr/bin/env bash
# Train one pipeline and score it.   training/run.sh NAME CONFIG TRAINSET [spacy overrides...]
#   TRAINSET: a .spacy file or a directory of .spacy files (all read; a file linked twice counts twice)
# Output: $RUNS/NAME/{model-last,train.log,time.txt,eval.json}. Single-threaded, niced.
set -euo pipefail
NAME=$1; CFG=$2; TRAIN=$3; shift 3
CORPUS=${CORPUS:-training/corpus}
RUNS=${RUNS:-training/runs}
DEV=${DEV:-$CORPUS/scierc_dev4.spacy}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1
OUT=$RUNS/$NAME
mkdir -p "$OUT"
start=$(date +%s)
nice -n 10 python -m spacy train "$CFG" --output "$OUT" --paths.train "$TRAIN" --paths.dev "$DEV" "$@" \
  > "$OUT/train.log" 2>&1 || { tail -30 "$OUT/train.log"; exit 1; }
end=$(date +%s)
echo "$((end-start))" > "$OUT/time.txt"
rm -rf "$OUT/model-best"   # model-last is used: no checkpoint picking on dev
if [[ -n "${VAL:-}" ]]; then   # CV fold: score on the held-out fold only
  python training/evaluate.py "$OUT/model-last" --scierc "$VAL" --tdmsci "" --json "$OUT/eval.json" | sed "s|^|$NAME |"
else
  python training/evaluate.py "$OUT/model-last" ${SPEED:+--speed} --json "$OUT/eval.json" | sed "s|^|$NAME |"
fi
echo "$NAME train_s=$((end-start))"
