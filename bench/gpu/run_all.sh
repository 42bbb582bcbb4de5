#!/usr/bin/env bash
# Runs every bench/gpu measurement on the current machine and writes CSV/JSON into "${OUT:-.}".
# Usage (from the repo root):  bash bench/gpu/run_all.sh
# Knobs (env): FFN_TIMEOUT, ATTN_TIMEOUT, A2A_TIMEOUT (seconds), SKIP_FFN=1, SKIP_ATTN=1, SKIP_A2A=1.
# File prefix: h100 / h200 from the GPU name (override with PREFIX=...). The all-to-all
# runs only where there are >= 2 GPUs, and is named ${PREFIX}x${NGPU}_all_to_all.csv.
# Keeps each phase under a timeout so the whole call fits a 10-minute device command;
# each script appends CSV rows as it goes, so a phase cut short still leaves its rows.
set -u
OUT="${OUT:-.}"
mkdir -p "$OUT"
HERE="$(cd "$(dirname "$0")" && pwd)"
export PYTHONUNBUFFERED=1
NGPU=$(python3 -c 'import torch; print(torch.cuda.device_count())')
NAME=$(python3 -c 'import torch; print(torch.cuda.get_device_name(0).lower())')
case "$NAME" in *h100*) P=h100 ;; *h200*) P=h200 ;; *) P=gpu ;; esac
PREFIX="${PREFIX:-$P}"
echo "GPUs: $NGPU x $NAME -> prefix $PREFIX"
nvidia-smi || true

python3 - "$OUT/${PREFIX}_env.json" <<'PY'
import sys, json
sys.path.insert(0, "bench/gpu")
from gpubench_common import write_env_json
print(json.dumps(write_env_json(sys.argv[1]), indent=1))
PY

if [ "${SKIP_FFN:-0}" != 1 ]; then
  echo "=== expert FFN ($(date -u +%T))"
  timeout "${FFN_TIMEOUT:-220}" python3 "$HERE/measure_expert_ffn.py" --out "$OUT/${PREFIX}_expert_ffn.csv"
  echo "ffn rc=$?"
fi
if [ "${SKIP_ATTN:-0}" != 1 ]; then
  echo "=== decode attention ($(date -u +%T))"
  timeout "${ATTN_TIMEOUT:-200}" python3 "$HERE/measure_decode_attention.py" --out "$OUT/${PREFIX}_decode_attention.csv"
  echo "attn rc=$?"
fi
if [ "${SKIP_A2A:-0}" != 1 ] && [ "$NGPU" -ge 2 ]; then
  echo "=== all_to_all on $NGPU GPUs ($(date -u +%T))"
  MASTER_ADDR=127.0.0.1 timeout "${A2A_TIMEOUT:-240}" torchrun --nproc_per_node="$NGPU" \
    "$HERE/measure_all_to_all.py" --out "$OUT/${PREFIX}x${NGPU}_all_to_all.csv"
  echo "a2a rc=$?"
fi
echo "=== done ($(date -u +%T))"
