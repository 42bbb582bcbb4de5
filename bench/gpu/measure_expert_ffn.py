#!/usr/bin/env python3
"""Times one gated expert FFN (as served, eager PyTorch, bf16) on the GPU.

    h = x @ W_gate_up                      # [T, hidden] x [hidden, 2*inter]
    a = silu(h[:, :inter]) * h[:, inter:]  # [T, inter]
    y = a @ W_down                         # [T, inter] x [inter, hidden]

Components: ffn (all three), gate_up, act, down. Each timed on its own with CUDA events,
L2 flushed before every repetition (see gpubench_common.py). Output: one CSV row per
(model, tokens, component), written as it goes.

Extra columns after the required ones: flops, bytes (each kernel's inputs read once and
outputs written once; 'ffn' is the sum of its parts), tflops and tbps (achieved rates).
"""
import argparse
import os
import sys

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, Timer, env_info, log  # noqa: E402

SHAPES = [  # (model, hidden, expert intermediate) from the moe-replay catalog
    ("Mixtral-8x7B", 4096, 14336),
    ("Mixtral-8x22B", 6144, 16384),
    ("DBRX", 6144, 10752),
    ("Scaled-MoE", 8192, 8192),
    ("DeepSeek-V2", 5120, 1536),
    ("DeepSeek-V3", 7168, 2048),
    ("Qwen3-30B-A3B", 2048, 768),
    ("Qwen3-235B-A22B", 4096, 1536),
    ("OLMoE-1B-7B", 2048, 1024),
]
EXPERTS = {  # routed experts per layer, from the same catalog: a rank never runs more
    "Mixtral-8x7B": 8, "Mixtral-8x22B": 8, "DBRX": 16, "Scaled-MoE": 32, "DeepSeek-V2": 160,
    "DeepSeek-V3": 256, "Qwen3-30B-A3B": 128, "Qwen3-235B-A22B": 128, "OLMoE-1B-7B": 64,
}
TOKENS = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096, 8192]
COLUMNS = ["model", "hidden", "intermediate", "tokens", "component", "median_us", "p10_us",
           "p90_us", "reps", "gpu", "torch_version", "cuda_version",
           "flops", "bytes", "tflops", "tbps"]


def act(h, inter):
    return F.silu(h[:, :inter]) * h[:, inter:]


def ffn(x, w_gu, w_d, inter):
    h = x @ w_gu
    a = act(h, inter)
    return a @ w_d


def costs(t, hd, it):
    e = 2  # bf16 bytes
    c = {
        "gate_up": (2 * t * hd * 2 * it, e * (hd * 2 * it + t * hd + t * 2 * it)),
        "act": (4 * t * it, e * (t * 2 * it + t * it)),
        "down": (2 * t * it * hd, e * (it * hd + t * it + t * hd)),
    }
    c["ffn"] = (sum(v[0] for v in c.values()), sum(v[1] for v in c.values()))
    return c


def check(x, w_gu, w_d, inter):
    """Relative error of the bf16 FFN against a float32 reference (sanity only)."""
    y = ffn(x, w_gu, w_d, inter).float()
    xf, gf, df = x.float(), w_gu.float(), w_d.float()
    hf = xf @ gf
    ref = (F.silu(hf[:, :inter]) * hf[:, inter:]) @ df
    return ((y - ref).norm() / ref.norm()).item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="h100_expert_ffn.csv")
    ap.add_argument("--models", default="", help="comma list to restrict (default all)")
    ap.add_argument("--max-tokens", type=int, default=max(TOKENS))
    ap.add_argument("--min-reps", type=int, default=20)
    ap.add_argument("--max-reps", type=int, default=100)
    ap.add_argument("--budget-s", type=float, default=0.25, help="target timed seconds per row")
    args = ap.parse_args()

    env = env_info()
    log("env:", env)
    w = CsvWriter(args.out, COLUMNS)
    timer = Timer(min_reps=args.min_reps, max_reps=args.max_reps, budget_s=args.budget_s)
    only = set(s for s in args.models.split(",") if s)
    g = torch.Generator(device="cuda")
    g.manual_seed(0)
    for model, hd, it in SHAPES:
        if only and model not in only:
            continue
        # random weights, scaled like a trained layer (never zeros: they run faster)
        w_gu = (torch.randn(hd, 2 * it, device="cuda", generator=g) * hd ** -0.5).to(torch.bfloat16)
        w_d = (torch.randn(it, hd, device="cuda", generator=g) * it ** -0.5).to(torch.bfloat16)
        err = check(torch.randn(4, hd, device="cuda", generator=g).to(torch.bfloat16), w_gu, w_d, it)
        log(f"{model}: hidden={hd} inter={it} expert_bytes={2 * 3 * hd * it} rel_err_vs_fp32={err:.2e}")
        for t in TOKENS:
            if t > args.max_tokens:
                continue
            x = torch.randn(t, hd, device="cuda", generator=g).to(torch.bfloat16)
            h = x @ w_gu
            a = act(h, it)
            fns = {
                "ffn": lambda: ffn(x, w_gu, w_d, it),
                "gate_up": lambda: x @ w_gu,
                "act": lambda: act(h, it),
                "down": lambda: a @ w_d,
            }
            c = costs(t, hd, it)
            line = []
            for comp, fn in fns.items():
                r = timer.measure(fn)
                fl, by = c[comp]
                sec = r["median_us"] * 1e-6
                w.row(model=model, hidden=hd, intermediate=it, tokens=t, component=comp, **r, **env,
                      flops=fl, bytes=by, tflops=fl / sec / 1e12, tbps=by / sec / 1e12)
                line.append(f"{comp}={r['median_us']:.1f}")
            log(f"  {model} T={t}: " + " ".join(line) + " us")
            del x, h, a
        del w_gu, w_d
        torch.cuda.empty_cache()
    w.close()


if __name__ == "__main__":
    main()
