#!/usr/bin/env python3
"""Times decode attention (one query token per sequence) over a GQA KV cache, bf16, with
torch.nn.functional.scaled_dot_product_attention.

    q: [batch, heads, 1, head_dim]   K, V: [batch, kv_heads, context, head_dim]

gqa_mode:
  enable_gqa         K/V passed with kv_heads heads and enable_gqa=True (if this torch has it)
  repeat_interleave  K/V expanded to `heads` heads with repeat_interleave OUTSIDE the timed
                     region; the kernel then reads heads/kv_heads times more bytes.
sdpa_backend: default (PyTorch's own choice), or one forced backend through
torch.nn.attention.sdpa_kernel (flash, efficient, cudnn, math). A combination the backend
refuses is logged and left out of the CSV. For the default backend the CUDA kernels it ran
(from torch.profiler, one extra call) are listed in the 'kernels' column at contexts
512 and 8192 (left empty elsewhere to save time).

kv_bytes     bytes of the K and V tensors handed to SDPA (what the kernel must read)
kv_cache_bytes  bytes of the un-expanded KV cache (2 * batch * kv_heads * context * head_dim * 2)
Combinations whose K/V as handed to SDPA would exceed --max-kv-gb are skipped.
"""
import argparse
import os
import sys
import warnings

import torch
import torch.nn.functional as F

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, Timer, env_info, log  # noqa: E402

SHAPES = [  # (model, heads, kv_heads, head_dim)
    ("Mixtral-8x7B", 32, 8, 128),
    ("Mixtral-8x22B", 48, 8, 128),
    ("Qwen3-235B-A22B", 64, 4, 128),
    ("Qwen3-30B-A3B", 32, 4, 128),
    ("OLMoE-1B-7B", 16, 16, 128),
]
BATCHES = [1, 8, 32, 128, 256]
CONTEXTS = [512, 1024, 2048, 4096, 8192]
COLUMNS = ["model", "heads", "kv_heads", "head_dim", "batch", "context", "kv_bytes",
           "median_us", "p10_us", "p90_us", "reps", "gpu", "torch_version", "cuda_version",
           "gqa_mode", "sdpa_backend", "kv_cache_bytes", "tbps", "kernels"]


def backends():
    try:
        from torch.nn.attention import SDPBackend
    except ImportError:
        return {"default": None}
    out = {"default": None}
    for name, attr in (("flash", "FLASH_ATTENTION"), ("efficient", "EFFICIENT_ATTENTION"),
                       ("cudnn", "CUDNN_ATTENTION"), ("math", "MATH")):
        if hasattr(SDPBackend, attr):
            out[name] = getattr(SDPBackend, attr)
    return out


def has_enable_gqa():
    q = torch.randn(1, 4, 1, 64, device="cuda", dtype=torch.bfloat16)
    k = torch.randn(1, 2, 16, 64, device="cuda", dtype=torch.bfloat16)
    try:
        F.scaled_dot_product_attention(q, k, k, enable_gqa=True)
        return True
    except TypeError:
        return False


def kernels_of(fn):
    try:
        from torch.profiler import ProfilerActivity, profile
        with profile(activities=[ProfilerActivity.CUDA]) as prof:
            fn()
            torch.cuda.synchronize()
        names = []
        for e in prof.key_averages():
            dev_t = getattr(e, "device_time_total", None)
            if dev_t is None:
                dev_t = getattr(e, "cuda_time_total", 0)
            if dev_t and dev_t > 0 and not e.key.startswith(("cudaLaunch", "cudaStream")):
                names.append((dev_t, e.key[:120]))
        names.sort(reverse=True)
        return " | ".join(n for _, n in names[:3])
    except Exception as ex:  # noqa: BLE001
        return f"profiler error: {type(ex).__name__}"


def reference_check(q, k, v, gqa):
    """Compare the default SDPA output against float32 math on a small slice (sanity only)."""
    rep = q.shape[1] // k.shape[1]
    kk = k.float().repeat_interleave(rep, 1)
    vv = v.float().repeat_interleave(rep, 1)
    s = (q.float() @ kk.transpose(-1, -2)) / q.shape[-1] ** 0.5
    ref = torch.softmax(s, -1) @ vv
    if gqa:
        out = F.scaled_dot_product_attention(q, k, v, enable_gqa=True)
    else:
        out = F.scaled_dot_product_attention(q, k.repeat_interleave(rep, 1), v.repeat_interleave(rep, 1))
    return ((out.float() - ref).norm() / ref.norm()).item()


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="h100_decode_attention.csv")
    ap.add_argument("--max-kv-gb", type=float, default=60.0)
    ap.add_argument("--math-max-kv-gb", type=float, default=8.0,
                    help="skip the (slow, memory-hungry) math backend above this K/V size")
    ap.add_argument("--backends", default="default,flash,efficient,cudnn,math")
    ap.add_argument("--min-reps", type=int, default=20)
    ap.add_argument("--max-reps", type=int, default=100)
    ap.add_argument("--budget-s", type=float, default=0.2)
    ap.add_argument("--models", default="", help="comma list to restrict (default all)")
    ap.add_argument("--gqa-modes", default="enable_gqa,repeat_interleave")
    args = ap.parse_args()
    only = set(s for s in args.models.split(",") if s)
    warnings.filterwarnings("ignore")

    env = env_info()
    gqa_ok = has_enable_gqa()
    all_b = backends()
    want = [b for b in args.backends.split(",") if b in all_b]
    log("env:", env, "enable_gqa supported:", gqa_ok, "backends:", want)
    from contextlib import nullcontext
    try:
        from torch.nn.attention import sdpa_kernel
    except ImportError:
        sdpa_kernel = None

    w = CsvWriter(args.out, COLUMNS)
    timer = Timer(min_reps=args.min_reps, max_reps=args.max_reps, budget_s=args.budget_s)
    modes = [m for m in (["enable_gqa"] if gqa_ok else []) + ["repeat_interleave"] if m in args.gqa_modes.split(",")]
    for model, hq, hkv, d in SHAPES:
        if only and model not in only:
            continue
        rep = hq // hkv
        for b in BATCHES:
            for ctx in CONTEXTS:
                cache_bytes = 2 * b * hkv * ctx * d * 2
                if cache_bytes > args.max_kv_gb * 1e9:
                    log(f"skip {model} B={b} ctx={ctx}: KV cache {cache_bytes / 1e9:.1f} GB")
                    continue
                q = torch.randn(b, hq, 1, d, device="cuda", dtype=torch.bfloat16)
                k = torch.randn(b, hkv, ctx, d, device="cuda", dtype=torch.bfloat16)
                v = torch.randn(b, hkv, ctx, d, device="cuda", dtype=torch.bfloat16)
                if b == 1 and ctx == 512:
                    for gm in modes:
                        log(f"{model}: rel_err {gm} vs fp32 = {reference_check(q, k, v, gm == 'enable_gqa'):.2e}")
                line = []
                for gm in modes:
                    if gm == "enable_gqa":
                        kk, vv, kw = k, v, {"enable_gqa": True}
                    else:
                        if cache_bytes * rep > args.max_kv_gb * 1e9:
                            log(f"skip {model} B={b} ctx={ctx} {gm}: expanded K/V {cache_bytes * rep / 1e9:.1f} GB")
                            continue
                        kk = k.repeat_interleave(rep, dim=1)
                        vv = v.repeat_interleave(rep, dim=1)
                        kw = {}
                    kv_bytes = kk.numel() * kk.element_size() + vv.numel() * vv.element_size()
                    for bn in want:
                        if bn == "math" and kv_bytes * (rep if gm == "enable_gqa" else 1) > args.math_max_kv_gb * 1e9:
                            continue
                        ctxm = nullcontext() if (all_b[bn] is None or sdpa_kernel is None) else sdpa_kernel([all_b[bn]])

                        def fn():
                            return F.scaled_dot_product_attention(q, kk, vv, **kw)
                        try:
                            with ctxm:
                                fn()
                                torch.cuda.synchronize()
                                r = timer.measure(fn)
                                kern = kernels_of(fn) if (bn == "default" and ctx in (512, 8192)) else ""
                        except RuntimeError as ex:
                            msg = str(ex).splitlines()[0][:100] if str(ex) else type(ex).__name__
                            log(f"  {model} B={b} ctx={ctx} {gm} {bn}: not run ({msg})")
                            torch.cuda.synchronize()
                            continue
                        w.row(model=model, heads=hq, kv_heads=hkv, head_dim=d, batch=b, context=ctx,
                              kv_bytes=kv_bytes, **r, **env, gqa_mode=gm, sdpa_backend=bn,
                              kv_cache_bytes=cache_bytes,
                              tbps=kv_bytes / (r["median_us"] * 1e-6) / 1e12, kernels=kern)
                        line.append(f"{gm[:3]}/{bn}={r['median_us']:.1f}")
                    del kk, vv
                log(f"  {model} B={b} ctx={ctx}: " + " ".join(line) + " us")
                del q, k, v
                torch.cuda.empty_cache()
    w.close()


if __name__ == "__main__":
    main()
