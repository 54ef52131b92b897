#!/usr/bin/env bash
# End-to-end recipe for the default paperkg entity extractor. Run from the repo root:
#   bash training/train.sh            (data from ../shared/data; outputs in training/corpus, training/runs)
# Env: DATA (default ../shared/data), CORPUS, RUNS (point them outside the checkout to keep it small),
#      BEST (where the default pipeline is copied, default training/runs/best_default), CV=1 to also run 5-fold CV.
set -euo pipefail
DATA=${DATA:-../shared/data}
export CORPUS=${CORPUS:-training/corpus} RUNS=${RUNS:-training/runs}
BEST=${BEST:-$RUNS/best_default}
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 MKL_NUM_THREADS=1 BLIS_NUM_THREADS=1
T0=$(date +%s)
mkdir -p "$CORPUS" "$RUNS"

# 1. DocBins (SciERC 6 labels, Material->Dataset; TDMSci seeded dev split), CV folds, unlabelled text
python training/convert.py --data "$DATA" --out "$CORPUS"

# 2. in-domain floret vectors: 50k hashed rows x 100 dims (~20 MB), from ~13k abstracts
[[ -d $CORPUS/vec_d100 ]] || nice -n 10 python training/vectors.py --corpus "$CORPUS" --dim 100 --bucket 50000 \
    --out "$CORPUS/vec_d100"

# 3. teacher: SciERC-only model, used to add silver Method/OST/Generic labels to the TDMSci sentences
#    (TDMSci does not annotate methods; its "O" would teach "methods are O")
training/run.sh teacher training/configs/ner_vec.cfg "$CORPUS/scierc_train.spacy" \
    --paths.vectors "$CORPUS/vec_d100"
python training/silver.py "$RUNS/teacher/model-last" "$CORPUS/tdmsci_train.spacy" "$CORPUS/tdmsci_train_silver.spacy"

# 4. (optional, off by default: it did not help, see README) pretrain the tok2vec, characters objective
INIT=()
if [[ "${PRETRAIN:-0}" == 1 ]]; then
  [[ -f $RUNS/pretrain_w96d6/model-last.bin ]] || nice -n 10 python -m spacy pretrain training/configs/ner_w96d6.cfg \
      "$RUNS/pretrain_w96d6" --paths.vectors "$CORPUS/vec_d100" --paths.raw_text "$CORPUS/unlabelled.jsonl"
  INIT=(--paths.init_tok2vec "$RUNS/pretrain_w96d6/model-last.bin")
fi

# 5. the default pipeline: SciERC train + TDMSci train (silver-completed), CNN width 96 depth 6 + floret vectors
SET=$CORPUS/sets/final; rm -rf "$SET"; mkdir -p "$SET"
ln -s "$(realpath "$CORPUS/scierc_train.spacy")" "$SET/a.spacy"
ln -s "$(realpath "$CORPUS/tdmsci_train_silver.spacy")" "$SET/b.spacy"
SPEED=1 training/run.sh default training/configs/ner_w96d6.cfg "$SET" --paths.vectors "$CORPUS/vec_d100" "${INIT[@]}"
rm -rf "$BEST"; cp -r "$RUNS/default/model-last" "$BEST"
python - "$BEST" <<'PY'
import json, sys
p = sys.argv[1] + "/meta.json"; m = json.load(open(p))
m.update(name="paperkg_sci_ner", version="0.1.0",
         description="paperkg entity extractor: Method/Task/Dataset/Metric (+ OtherScientificTerm, Generic: drop them). "
                     "Trained on SciERC train (Material->Dataset) and TDMSci; floret vectors from paperlists abstracts.",
         sources=[{"name": "SciERC", "author": "Luan et al. 2018"},
                  {"name": "TDMSci", "author": "Hou et al. 2021", "license": "Apache-2.0"}])
json.dump(m, open(p, "w"), indent=2)
PY
echo "default pipeline -> $BEST"

# 6. optional: 5-fold CV over SciERC train with the same recipe (the fold models also form the
#    'accurate' voting ensemble: python training/evaluate.py DIR0,DIR1,...)
if [[ "${CV:-0}" == 1 ]]; then
  training/cv.sh final training/configs/ner_w96d6.cfg "$CORPUS/tdmsci_train_silver.spacy" \
    --paths.vectors "$CORPUS/vec_d100" "${INIT[@]}"
fi
echo "recipe took $(( $(date +%s) - T0 )) s"
