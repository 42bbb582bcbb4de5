#!/usr/bin/env bash
# Measures every component the serving model reads on the GPU of this machine and writes a profile
# folder for moe-replay: OUT/{env.json, expert_ffn.csv, expert_sequence.csv, grouped_moe.csv,
# decode_attention.csv} (schemas: profiles/README.md). Drop OUT under profiles/GPU_NAME/ or pass
# `--profiles DIR` (DIR holding GPU_NAME/) and straggler, cost, placement and nightly time that GPU
# from it.
#
# Usage (repo root, a CUDA GPU with PyTorch):  bash bench/gpu/profile.sh GPU_NAME OUT
#   GPU_NAME  the hardware catalog's name of this GPU (H100-SXM, H200, ...): recorded in env.json
#   QUICK=1   a few points per component, to check the machine (about a minute)
# Under 10 minutes on an H200. Each phase runs under a timeout and writes its rows as it goes, so a
# phase cut short still leaves what it measured; the log says which phase was cut.
# Collectives (all-to-all, all-reduce) need two or more GPUs: on such a host run
# bench/gpu/measure_all_to_all.py (see bench/gpu/README.md).
set -u
if [ $# -ne 2 ]; then
  echo "usage: bash bench/gpu/profile.sh GPU_NAME OUT   (GPU_NAME as in the hardware catalog, e.g. H200)" >&2
  exit 2
fi
GPU_NAME="$1"
OUT="$2"
mkdir -p "$OUT"
HERE="$(cd "$(dirname "$0")" && pwd)"
export PYTHONUNBUFFERED=1
QUICK="${QUICK:-0}"
if [ "$QUICK" = 1 ]; then
  FFN_ARGS=(--models Qwen3-30B-A3B,OLMoE-1B-7B --max-tokens 64 --min-reps 5 --max-reps 10)
  SEQ_ARGS=(--models Qwen3-30B-A3B --max-tokens 64)
  GROUPED_ARGS=(--models Qwen3-30B-A3B,Mixtral-8x7B --quick)
  ATTN_ARGS=(--models OLMoE-1B-7B --min-reps 5 --max-reps 10)
else
  FFN_ARGS=(--min-reps 10 --max-reps 40 --budget-s 0.12)
  SEQ_ARGS=()
  GROUPED_ARGS=(--models DeepSeek-V3,Qwen3-30B-A3B,OLMoE-1B-7B,Mixtral-8x7B,Qwen3-235B-A22B,DeepSeek-V2,DBRX,Scaled-MoE,Mixtral-8x22B)
  ATTN_ARGS=(--min-reps 10 --max-reps 40 --budget-s 0.1)
fi
phase() {  # name, timeout seconds, command...
  local name="$1" limit="$2"
  shift 2
  echo "=== $name ($(date -u +%T))"
  timeout "$limit" "$@"
  local rc=$?
  [ $rc -eq 124 ] && echo "!!! $name cut at ${limit}s: its CSV holds the rows measured so far"
  echo "=== $name rc=$rc ($(date -u +%T))"
}
nvidia-smi --query-gpu=name,driver_version --format=csv || true
python3 - "$OUT/env.json" "$GPU_NAME" <<'PY'
import sys, json
sys.path.insert(0, "bench/gpu")
from gpubench_common import write_env_json
info = write_env_json(sys.argv[1], extra={"catalog_gpu": sys.argv[2], "harness": "bench/gpu/profile.sh"})
print(json.dumps({k: info.get(k) for k in ("gpu", "catalog_gpu", "torch_version", "cuda_version", "nccl_version",
                                            "d2d_copy_TBps_rw", "gemm_8192_bf16_TFLOPs")}))
PY
phase "grouped MoE kernel" 230 python3 "$HERE/measure_grouped_moe.py" --out "$OUT/grouped_moe.csv" "${GROUPED_ARGS[@]}"
phase "expert FFN alone" 120 python3 "$HERE/measure_expert_ffn.py" --out "$OUT/expert_ffn.csv" "${FFN_ARGS[@]}"
phase "experts back to back" 80 python3 "$HERE/measure_expert_sequence.py" --out "$OUT/expert_sequence.csv" "${SEQ_ARGS[@]}"
phase "decode attention" 80 python3 "$HERE/measure_decode_attention.py" --out "$OUT/decode_attention.csv" \
  --backends default --gqa-modes enable_gqa "${ATTN_ARGS[@]}"
echo "=== profile of $GPU_NAME in $OUT ($(date -u +%T)):"
wc -l "$OUT"/*.csv
