#!/usr/bin/env python3
"""Times one rank's routed experts as one grouped MoE kernel (grouped_moe.grouped_ffn) over a grid of
(tokens on the rank, active experts) per catalog expert shape: the table the serving model reads for
`expert_kernel=grouped`.

Why a table and not a per-expert fit: a grouped kernel's time is not the sum of its experts' times.
At decode sizes it reads every active expert's weights in one launch (no per-expert ramp-up and
tail), and at large token counts it is one long compute-bound kernel; in between, tiles of
different experts share the GPU. Tokens are split evenly over the active experts (the first
tokens mod active get one more); how uneven splits inside a rank behave is what `validate`
checks against this table.

Output (one row per model, tokens, active_experts): model, hidden, intermediate, tokens,
active_experts, median_us, p10_us, p90_us, reps, gpu, torch_version, cuda_version, kernel, tflops, tbps.
Timing: gpubench_common.Timer (CUDA events, L2 flushed before each repetition, GPU spin pad so
host launch overhead is hidden: what CUDA-graph replay gives).
Run: python3 bench/gpu/measure_grouped_moe.py --out grouped_moe.csv [--models M,...] [--quick]
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, Timer, env_info, log  # noqa: E402
from grouped_moe import KERNEL, check, even_split, grouped_ffn, offsets, weights  # noqa: E402
from measure_expert_ffn import SHAPES, EXPERTS  # noqa: E402

TOKENS = [8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192, 16384, 32768, 65536, 131072]
ACTIVE = [1, 2, 4, 8, 16, 32]
MAX_FLOPS = 30e12  # per point: about 40 ms at the H200's bf16 rate; beyond, time is linear in tokens
COLUMNS = ["model", "hidden", "intermediate", "tokens", "active_experts", "median_us", "p10_us", "p90_us",
           "reps", "gpu", "torch_version", "cuda_version", "kernel", "tflops", "tbps"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--models", default="", help="comma list to restrict (default all)")
    ap.add_argument("--quick", action="store_true", help="a few points per shape, to check the script")
    args = ap.parse_args()
    env = env_info()
    out = CsvWriter(args.out, COLUMNS)
    timer = Timer(min_reps=10, max_reps=40, budget_s=0.12)
    only = set(s for s in args.models.split(",") if s)
    g = torch.Generator(device="cuda")
    g.manual_seed(0)
    started = time.time()
    # In the order asked for (a cut run keeps the shapes that matter most), else the catalog's.
    shapes = sorted((sh for sh in SHAPES if not only or sh[0] in only),
                    key=lambda sh: args.models.split(",").index(sh[0]) if only else 0)
    for model, hidden, inter in shapes:
        actives = [a for a in ACTIVE if a <= EXPERTS[model]]
        tokens_grid = [t for t in TOKENS if 6.0 * t * hidden * inter <= MAX_FLOPS]
        if args.quick:
            actives, tokens_grid = actives[:2] + actives[-1:], [64, 4096]
        w_gu, w_d = weights(max(actives), hidden, inter, generator=g)
        x_all = torch.randn(max(tokens_grid), hidden, device="cuda", generator=g).to(torch.bfloat16)
        groups = 4 if max(actives) >= 4 else 1
        err = check(x_all[:64], even_split(64, groups), w_gu[:groups], w_d[:groups], inter)
        log(f"{model}: hidden={hidden} inter={inter} rel_err_vs_fp32={err:.2e}")
        for tokens in tokens_grid:
            line = []
            for active in actives:
                if active > tokens:
                    continue
                x = x_all[:tokens]
                offs = offsets(even_split(tokens, active))
                a_gu, a_d = w_gu[:active], w_d[:active]
                r = timer.measure(lambda: grouped_ffn(x, offs, a_gu, a_d, inter))
                flops = 6.0 * tokens * hidden * inter
                weight_bytes = active * 3 * hidden * inter * 2
                sec = r["median_us"] * 1e-6
                out.row(model=model, hidden=hidden, intermediate=inter, tokens=tokens, active_experts=active, **r,
                        **env, kernel=KERNEL, tflops=flops / sec / 1e12, tbps=weight_bytes / sec / 1e12)
                line.append(f"A{active}={r['median_us']:.1f}")
            log(f"  {model} T={tokens}: " + " ".join(line) + f" us ({time.time() - started:.0f}s)")
        del w_gu, w_d, x_all
        torch.cuda.empty_cache()
    out.close()


if __name__ == "__main__":
    main()
