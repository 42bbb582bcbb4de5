#!/usr/bin/env python3
"""Times N gated expert FFNs run back to back on one GPU, each with its own weights and the same
token count, against one alone: what a GPU of expert parallelism runs per MoE layer.

Why: the expert profile (measure_expert_ffn.py) times one expert alone. Run back to back, part of
each expert's fixed cost (kernel ramp-up and tail) overlaps the next one's, so a GPU's N experts
take less than N isolated times; the validation sweep (validation/) showed 84-90% for runs of
16-256 small experts. This profile measures that overlap per catalog shape, independently of the
sweep, so the serving model can take it from here.

Output (one row per model, tokens, experts_in_row): model, hidden, intermediate, tokens,
experts_in_row, median_us, p10_us, p90_us, reps, gpu, torch_version, cuda_version.
Timing: gpubench_common.Timer (CUDA events, L2 flush before each repetition, GPU spin pad sized
to 1.5x the host's measured launch time of the whole run plus 200 us, so host launch overhead is
hidden; PAD_CYCLES is about 0.5 ms at the H100's clock).
Run: python3 bench/gpu/measure_expert_sequence.py --out h100_expert_sequence.csv
"""
import argparse
import os
import sys
import time

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, PAD_CYCLES, Timer, env_info, log  # noqa: E402
from measure_expert_ffn import SHAPES, ffn  # noqa: E402

TOKENS = [1, 8, 64, 512, 2048]
IN_ROW = [1, 2, 8, 32]
COLUMNS = ["model", "hidden", "intermediate", "tokens", "experts_in_row", "median_us", "p10_us", "p90_us",
           "reps", "gpu", "torch_version", "cuda_version"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", required=True)
    ap.add_argument("--models", default="", help="comma list to restrict (default all)")
    ap.add_argument("--max-tokens", type=int, default=max(TOKENS))
    args = ap.parse_args()
    only = set(s for s in args.models.split(",") if s)
    env = env_info()
    out = CsvWriter(args.out, COLUMNS)
    torch.manual_seed(0)
    timer = Timer(min_reps=10, max_reps=40, budget_s=0.15)
    for model, hidden, inter in SHAPES:
        if only and model not in only:
            continue
        most = max(IN_ROW)
        w_gu = [torch.randn(hidden, 2 * inter, device="cuda", dtype=torch.bfloat16) / hidden ** 0.5 for _ in range(most)]
        w_d = [torch.randn(inter, hidden, device="cuda", dtype=torch.bfloat16) / inter ** 0.5 for _ in range(most)]
        for tokens in [t for t in TOKENS if t <= args.max_tokens]:
            xs = [torch.randn(tokens, hidden, device="cuda", dtype=torch.bfloat16) for _ in range(most)]
            for n in IN_ROW:
                def run(n=n):
                    for i in range(n):
                        ffn(xs[i], w_gu[i], w_d[i], inter)

                # The pad must outlast the host's launches of the whole run (small experts launch
                # slower than they run): time the launches once, pad 1.5x that plus 200 us.
                run()
                torch.cuda.synchronize()
                start = time.perf_counter()
                run()
                host_us = (time.perf_counter() - start) * 1e6
                torch.cuda.synchronize()
                timer.pad_cycles = max(PAD_CYCLES, int(PAD_CYCLES * (1.5 * host_us + 200) / 500))
                r = timer.measure(run)
                out.row(model=model, hidden=hidden, intermediate=inter, tokens=tokens, experts_in_row=n, **r, **env)
                log(f"{model} tokens={tokens} n={n}: {r['median_us']:.1f} us ({r['median_us'] / n:.1f} per expert)")
            del xs
        del w_gu, w_d
        torch.cuda.empty_cache()
    out.close()


if __name__ == "__main__":
    main()
