#!/usr/bin/env python3
"""Times the expert compute of planned MoE routing cases (from moe-replay) on one GPU.

How to run (repo root, a CUDA GPU with PyTorch):

    python3 bench/gpu/measure_moe_layer.py --cases cases.csv --out measured.csv \
        [--only-models Mixtral-8x7B,Qwen3-30B-A3B] [--max-cases N]
    python3 bench/gpu/measure_moe_layer.py --cases cases.csv --check-only   # no GPU, no torch

`cases.csv` is written by `moe-replay validate cases`; columns
case,model,hidden,intermediate,experts,top_k,tokens,gpus,policy,skew,gpu,expert,replica_tokens
(one row per (case, gpu, replica of an expert hosted on that gpu)). The whole file is
checked before any GPU work; a contract violation stops the run with a list of problems.
Output: `measured.csv` with case,component,gpu,median_us,p10_us,p90_us,reps,device, one row
appended and flushed per measurement (a killed run keeps its rows), plus `measured_env.json`
(write_env_json, measure_ceilings=False, with this script's settings added).

Components (all bf16, eager PyTorch; the expert FFN is measure_expert_ffn.ffn, imported):
  gpu_experts (gpu = g)  every case, every gpu g in 0..gpus-1: the gated FFNs of g's replicas
                         with replica_tokens > 0, back to back in one timed region, each
                         replica with its own weight tensors and its own input rows
                         x[replica_tokens, hidden]. What GPU g of an expert-parallel
                         deployment spends on expert compute in the layer (no all-to-all).
                         A gpu with no active replica gets a row with 0 us and reps 0.
  gpu_experts_grouped    (with --kernels ...grouped, the default) the same replicas as ONE grouped
                         MoE kernel (grouped_moe.grouped_ffn: torch._grouped_mm gate_up, silu*mul,
                         grouped down) over their rows back to back, offsets from the replicas'
                         token counts: what an engine's fused MoE kernel runs on GPU g. Weights in a
                         second pool laid out [slot, out, in]; the first active GPU of each model is
                         checked against a float32 per-expert reference (logged).
  only for gpus == 1 cases, on a hidden state X[tokens, hidden] (gpu column empty):
  router     logits = X @ W_router[hidden, experts]; softmax (fp32); topk(top_k); the topk
             choice is then REPLACED by the planned assignment idx[tokens, top_k]; the
             routing weights are the softmax values gathered at idx (the gather is timed).
  permute    argsort(idx.flatten(), stable) -> token id = order // top_k; X.index_select
             into per-expert contiguous rows; routing weights reordered the same way (bf16).
  experts    the FFN of each expert with count > 0 on its contiguous slice of the permuted
             buffer (slice bounds come from the plan, known on the host: no device-to-host
             sync is timed, as with a grouped-GEMM kernel that reads counts on the device).
  combine    torch.cat of the expert outputs, multiply by the routing weights, zeros
             [tokens, hidden] and index_add_ by token id (bf16, atomics).
  moe_layer  router + permute + experts + combine in one timed region.
Planned assignment: expert ids repeated by their count, experts in descending count order
(ties by id), filling idx column-major (all tokens' slot 0, then slot 1, ...). Since no count
exceeds `tokens`, no token gets one expert twice (asserted). The first gpus == 1 case of each
model also checks the layer output against a per-expert fp32-accumulated reference (logged).

Weights and inputs: per model shape one pool of weight sets, as many as the most active
replicas any one GPU of any (selected) case of that model hosts, random normal (std
1/sqrt(fan_in), torch.manual_seed(--seed)); the i-th active replica in a timed region uses
slot i, so replicas never share weight memory. One random input pool per model, sliced into
disjoint rows per replica. Pools are freed between models; the run refuses a model whose
pool would exceed --max-pool-gb (default 55).

Timing method: gpubench_common.Timer (CUDA events per repetition, 256 MiB L2 flush before
each, GPU spin pad so the host enqueues the whole region before the GPU reaches it: GPU time
of the kernels back to back, as with CUDA-graph replay, without host launch overhead). One
change: a region here can hold hundreds of kernels (Qwen3-30B-A3B: 128 experts x 4 kernels),
whose eager host enqueue time (several ms) exceeds the Timer's fixed 0.5 ms pad. So before
each region the script calls it twice untimed, measures the host enqueue time H of the
second call, and sets the pad to max(--pad-min-us, --pad-scale * H + 200 us), converted to
cycles with a rate calibrated once at start. Host and pad times are logged per region.
Limit: CUDA's launch queue holds roughly a thousand pending kernels; a region with more
(e.g. 256 experts) can make the host wait for the GPU; the GPU only idles then if it runs
kernels faster than the host enqueues them (small experts at few tokens).
Repetitions: warm-up 3 (after the 2 probe calls), then reps = budget / (rough time per rep
incl. pad), clamped to [min_reps, max_reps] = [10, 50], budget 0.1 s per region (the other
scripts use 20..100 reps in 0.25 s). Chosen for speed: ~300 cases x (gpus regions, + 5 for
single-device cases) must fit in ~6 minutes. On the H100 fixture (validation/) a region took
0.05-0.1 s of wall time for 1-33 experts and ~0.2 s for a 128-expert single-device region
(12 cases, 56 regions: 5.5 s), i.e. roughly 300 x (0.07 s x gpus + 1 s if gpus == 1);
cases with many more GPUs (e.g. 64) need --max-reps/--budget-s lowered or a split run.
With L2 flush and pad the p10..p90 spread was 3% of the median (max 7%), so 10+ reps give a
stable median; a rerun with a 4x larger pad (--pad-scale 4) moved medians by -2..+4%
(median +0.8%), so the pad covers the host enqueue time. A region whose p10..p90 spread still
exceeds 25% of its median (a host stall longer than the pad: 10 of 1408 regions in the first
full sweep) is measured again with a 4x longer pad, at most twice, keeping the tightest result.

Validation: bench/gpu/validation/ (make_fixture.py -> fixture_cases.csv, the H100 output
fixture_measured.csv + _env.json + log, compare_fixture.py against h100_expert_ffn.csv).
"""
import argparse
import csv
import os
import sys
import time
from collections import OrderedDict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

CASE_COLUMNS = ["case", "model", "hidden", "intermediate", "experts", "top_k", "tokens", "gpus",
                "policy", "skew", "gpu", "expert", "replica_tokens"]
META = ["model", "hidden", "intermediate", "experts", "top_k", "tokens", "gpus", "policy", "skew"]
INT_META = {"hidden", "intermediate", "experts", "top_k", "tokens", "gpus"}
OUT_COLUMNS = ["case", "component", "gpu", "median_us", "p10_us", "p90_us", "reps", "device"]
LAYER_PARTS = ["router", "permute", "experts", "combine", "moe_layer"]


SPREAD_LIMIT = 0.25  # (p90 - p10) / median above which a region is measured again


def elog(*a):
    print(*a, file=sys.stderr, flush=True)


# ----------------------------------------------------------------------------- cases (no torch)
class Case:
    def __init__(self, cid, meta):
        self.id = cid
        self.meta = meta
        self.rows = []  # (gpu, expert, replica_tokens) in file order

    def __getattr__(self, k):
        meta = self.__dict__.get("meta", {})
        if k in meta:
            return meta[k]
        raise AttributeError(k)

    def replicas_on(self, g):
        """Active replicas (expert, tokens) of gpu g, in file order."""
        return [(e, n) for (gg, e, n) in self.rows if gg == g and n > 0]

    def expert_counts(self):
        c = [0] * self.experts
        for (_, e, n) in self.rows:
            c[e] += n
        return c

    def max_active_per_gpu(self):
        return max((len(self.replicas_on(g)) for g in range(self.gpus)), default=0)

    def max_rows_needed(self):
        per_gpu = max((sum(n for _, n in self.replicas_on(g)) for g in range(self.gpus)), default=0)
        return max(per_gpu, self.tokens if self.gpus == 1 else 0)


def load_cases(path):
    """Reads and checks the cases CSV. Returns [Case] in file order; raises ValueError."""
    cases = OrderedDict()
    problems = []
    with open(path, newline="") as f:
        r = csv.DictReader(f)
        missing = [c for c in CASE_COLUMNS if c not in (r.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing} (have {r.fieldnames})")
        for ln, row in enumerate(r, start=2):
            try:
                meta = {k: (int(row[k]) if k in INT_META else row[k].strip()) for k in META}
                g, e, n = int(row["gpu"]), int(row["expert"]), int(row["replica_tokens"])
            except (ValueError, TypeError) as ex:
                problems.append(f"line {ln}: {ex}")
                continue
            cid = row["case"].strip()
            c = cases.get(cid)
            if c is None:
                c = cases[cid] = Case(cid, meta)
            elif c.meta != meta:
                problems.append(f"line {ln}: case {cid}: columns model..skew differ from its first row")
                continue
            if not (0 <= g < meta["gpus"]):
                problems.append(f"line {ln}: case {cid}: gpu {g} outside 0..{meta['gpus'] - 1}")
            if not (0 <= e < meta["experts"]):
                problems.append(f"line {ln}: case {cid}: expert {e} outside 0..{meta['experts'] - 1}")
            if n < 0:
                problems.append(f"line {ln}: case {cid}: replica_tokens {n} < 0")
            c.rows.append((g, e, n))
    for c in cases.values():
        if min(c.hidden, c.intermediate, c.experts, c.top_k, c.tokens, c.gpus) <= 0:
            problems.append(f"case {c.id}: non-positive shape/size field {c.meta}")
            continue
        if c.top_k > c.experts:
            problems.append(f"case {c.id}: top_k {c.top_k} > experts {c.experts}")
        seen = set()
        for (g, e, _) in c.rows:
            if (g, e) in seen:
                problems.append(f"case {c.id}: expert {e} listed twice on gpu {g}")
            seen.add((g, e))
        if c.gpus == 1:
            counts = c.expert_counts()
            if sum(counts) != c.tokens * c.top_k:
                problems.append(f"case {c.id}: sum replica_tokens {sum(counts)} != tokens*top_k "
                                f"{c.tokens * c.top_k}")
            if max(counts) > c.tokens:
                problems.append(f"case {c.id}: an expert has {max(counts)} > tokens {c.tokens}")
    if problems:
        raise ValueError(f"{path}: {len(problems)} problem(s):\n  " + "\n  ".join(problems[:50]))
    return list(cases.values())


def planned_assignment(counts, tokens, top_k):
    """idx[tokens][top_k]: expert ids repeated by count (descending count, ties by id),
    filled column-major. Asserts that no token gets the same expert twice."""
    assert sum(counts) == tokens * top_k and max(counts) <= tokens
    order = sorted(range(len(counts)), key=lambda e: (-counts[e], e))
    flat = [e for e in order for _ in range(counts[e])]
    idx = [[flat[j * tokens + t] for j in range(top_k)] for t in range(tokens)]
    for t, row in enumerate(idx):
        assert len(set(row)) == top_k, f"token {t} got an expert twice: {row}"
    return idx


# ----------------------------------------------------------------------------- GPU part
def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--cases", required=True)
    ap.add_argument("--out", default="measured.csv")
    ap.add_argument("--only-models", default="", help="comma list of model names to keep")
    ap.add_argument("--max-cases", type=int, default=0, help="first N cases (after the model filter)")
    ap.add_argument("--check-only", action="store_true", help="validate the cases file and exit (no torch)")
    ap.add_argument("--min-reps", type=int, default=10)
    ap.add_argument("--max-reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--budget-s", type=float, default=0.1, help="target timed seconds per region")
    ap.add_argument("--pad-scale", type=float, default=1.5, help="pad = scale * host enqueue time + 200 us")
    ap.add_argument("--pad-min-us", type=float, default=500.0)
    ap.add_argument("--max-pool-gb", type=float, default=55.0)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--no-check", action="store_true", help="skip the fp32 reference check of the layer")
    ap.add_argument("--kernels", default="sequential,grouped",
                    help="per-GPU expert kernels to time: sequential (gpu_experts), grouped (gpu_experts_grouped)")
    args = ap.parse_args()

    cases = load_cases(args.cases)
    only = [m for m in args.only_models.split(",") if m]
    if only:
        cases = [c for c in cases if c.model in only]
    if args.max_cases > 0:
        cases = cases[:args.max_cases]
    n_single = sum(1 for c in cases if c.gpus == 1)
    n_regions = sum(c.gpus + (len(LAYER_PARTS) if c.gpus == 1 else 0) for c in cases)
    elog(f"{args.cases}: {len(cases)} cases selected ({n_single} single-device), {n_regions} timed regions")
    if args.check_only:
        for c in cases[:5]:
            if c.gpus == 1:
                planned_assignment(c.expert_counts(), c.tokens, c.top_k)
        elog("check-only: cases file OK")
        return
    run(args, cases)


def run(args, cases):
    import torch
    from gpubench_common import CsvWriter, Timer, pad_cycles_per_us, write_env_json
    from measure_expert_ffn import ffn
    from grouped_moe import check as check_grouped, grouped_ffn, offsets, weights as grouped_weights
    kernels = set(k for k in args.kernels.split(",") if k)
    unknown = kernels - {"sequential", "grouped"}
    if unknown:
        raise SystemExit(f"--kernels: unknown {sorted(unknown)}; use sequential, grouped or both")

    bf16 = torch.bfloat16
    dev = "cuda"
    device_name = torch.cuda.get_device_name()

    # group by model shape, keeping first-appearance order (one weight pool alive at a time)
    groups = OrderedDict()
    for c in cases:
        groups.setdefault((c.model, c.hidden, c.intermediate), []).append(c)

    cyc_per_us = pad_cycles_per_us()

    env_path = os.path.splitext(args.out)[0] + "_env.json"
    settings = {"script": "measure_moe_layer.py", "cases_file": os.path.basename(args.cases),
                "n_cases": len(cases), "warmup": args.warmup, "min_reps": args.min_reps,
                "max_reps": args.max_reps, "budget_s": args.budget_s, "pad_scale": args.pad_scale,
                "pad_min_us": args.pad_min_us, "pad_cycles_per_us": cyc_per_us, "seed": args.seed}
    write_env_json(env_path, extra=settings, measure_ceilings=False)
    elog(f"device {device_name}; pad rate {cyc_per_us:.0f} cycles/us; env -> {env_path}")

    w = CsvWriter(args.out, OUT_COLUMNS)
    timer = Timer(warmup=args.warmup, min_reps=args.min_reps, max_reps=args.max_reps,
                  budget_s=args.budget_s)
    ev0, ev1 = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)

    def measure(fn):
        host = 0.0
        for _ in range(2):  # untimed probe: warms up, gives host enqueue time and a rough GPU time
            torch.cuda.synchronize()
            ev0.record()
            t0 = time.perf_counter()
            fn()
            host = time.perf_counter() - t0
            ev1.record()
            torch.cuda.synchronize()
        rough_ms = ev0.elapsed_time(ev1)
        host_us = host * 1e6
        pad_us = max(args.pad_min_us, args.pad_scale * host_us + 200.0)
        timer.pad_cycles = int(pad_us * cyc_per_us)
        per_rep_ms = rough_ms + pad_us / 1000.0 + 0.15
        reps = max(args.min_reps, min(args.max_reps, int(args.budget_s * 1000.0 / per_rep_ms)))
        timer.min_reps = timer.max_reps = reps
        r = timer.measure(fn)
        # A wide spread means some repetitions waited on the host (a host stall longer than the
        # pad): the first full sweep had 10 such regions of 1408, one with its median moved 75%.
        # Re-measure with a 4x longer pad, twice at most, and keep the tightest result.
        for retry in range(2):
            if r["p90_us"] - r["p10_us"] <= SPREAD_LIMIT * r["median_us"]:
                break
            pad_us *= 4
            timer.pad_cycles = int(pad_us * cyc_per_us)
            again = timer.measure(fn)
            elog(f"    spread {(r['p90_us'] - r['p10_us']) / r['median_us']:.0%} of the median: re-measured with"
                 f" pad {pad_us:.0f} us -> median {again['median_us']:.1f} (was {r['median_us']:.1f})")
            if again["p90_us"] - again["p10_us"] < r["p90_us"] - r["p10_us"]:
                r = again
        r["host_us"], r["pad_us"] = host_us, pad_us
        return r

    def emit(case, comp, gpu, r):
        w.row(case=case.id, component=comp, gpu=gpu, median_us=r["median_us"], p10_us=r["p10_us"],
              p90_us=r["p90_us"], reps=r["reps"], device=device_name)

    torch.manual_seed(args.seed)
    total_t0 = time.time()
    done = 0
    for (model, hd, it), mcases in groups.items():
        n_slots = max(1, max(c.max_active_per_gpu() for c in mcases))
        max_rows = max(1, max(c.max_rows_needed() for c in mcases))
        expert_bytes = 3 * hd * it * 2
        pool_gb = (n_slots * expert_bytes + max_rows * hd * 2) / 1e9
        if pool_gb > args.max_pool_gb:
            elog(f"SKIP model {model}: pool {n_slots} x {expert_bytes / 1e6:.0f} MB = {pool_gb:.1f} GB "
                 f"> --max-pool-gb {args.max_pool_gb}")
            continue
        t0 = time.time()
        w_gu = torch.empty(n_slots, hd, 2 * it, dtype=bf16, device=dev).normal_(0.0, hd ** -0.5)
        w_d = torch.empty(n_slots, it, hd, dtype=bf16, device=dev).normal_(0.0, it ** -0.5)
        x_pool = torch.empty(max_rows, hd, dtype=bf16, device=dev).normal_()
        slots = [(w_gu[i], w_d[i]) for i in range(n_slots)]
        g_gu, g_d = grouped_weights(n_slots, hd, it) if "grouped" in kernels else (None, None)
        grouped_checked = args.no_check
        routers = {}
        torch.cuda.synchronize()
        elog(f"model {model} hidden={hd} inter={it}: {len(mcases)} cases, pool {n_slots} weight sets "
             f"x {expert_bytes / 1e6:.1f} MB + {max_rows} input rows = {pool_gb:.2f} GB "
             f"({time.time() - t0:.1f}s)")
        checked = args.no_check

        for c in mcases:
            ct0 = time.time()
            summary = []
            # ---- gpu_experts, every gpu of the case
            for g in range(c.gpus):
                reps_g = c.replicas_on(g)
                if not reps_g:
                    for comp in (["gpu_experts"] if "sequential" in kernels else []) + \
                            (["gpu_experts_grouped"] if "grouped" in kernels else []):
                        emit(c, comp, g, {"median_us": 0.0, "p10_us": 0.0, "p90_us": 0.0, "reps": 0})
                    summary.append(f"g{g}=0")
                    continue
                items, off = [], 0
                for i, (_, n) in enumerate(reps_g):
                    items.append((x_pool[off:off + n], slots[i][0], slots[i][1]))
                    off += n

                def gpu_fn(items=items):
                    for x, a, b in items:
                        ffn(x, a, b, it)

                if "sequential" in kernels:
                    r = measure(gpu_fn)
                    emit(c, "gpu_experts", g, r)
                    summary.append(f"g{g}[{len(reps_g)}x]={r['median_us']:.0f}(host {r['host_us']:.0f})")
                if "grouped" in kernels:
                    counts_g = [n for _, n in reps_g]
                    xg = x_pool[:off]
                    offs = offsets(counts_g)
                    a_gu, a_d = g_gu[:len(counts_g)], g_d[:len(counts_g)]
                    if not grouped_checked:
                        grouped_checked = True
                        err = check_grouped(xg, counts_g, a_gu, a_d, it)
                        elog(f"  check {c.id} gpu {g}: grouped kernel vs fp32 per-expert reference rel err {err:.2e}"
                             + ("" if err < 5e-2 else "  <-- TOO LARGE"))
                    r = measure(lambda: grouped_ffn(xg, offs, a_gu, a_d, it))
                    emit(c, "gpu_experts_grouped", g, r)
                    summary.append(f"g{g}grouped={r['median_us']:.0f}")
                del items

            # ---- the single-device layer and its parts
            if c.gpus == 1:
                counts = c.expert_counts()
                idx = torch.tensor(planned_assignment(counts, c.tokens, c.top_k), dtype=torch.int64, device=dev)
                X = x_pool[:c.tokens]
                if c.experts not in routers:
                    routers[c.experts] = torch.empty(hd, c.experts, dtype=bf16, device=dev).normal_(0.0, hd ** -0.5)
                Wr = routers[c.experts]
                k, T = c.top_k, c.tokens
                plan, off = [], 0
                for i, e_n in enumerate([n for n in counts if n > 0]):  # ascending expert id = argsort order
                    plan.append((off, off + e_n, slots[i][0], slots[i][1]))
                    off += e_n

                def router():
                    logits = X @ Wr
                    probs = torch.softmax(logits, dim=-1, dtype=torch.float32)
                    torch.topk(probs, k, dim=-1)  # the computed choice, replaced by the plan:
                    return probs.gather(1, idx)

                def permute(wts):
                    order = torch.argsort(idx.view(-1), stable=True)
                    tok = torch.div(order, k, rounding_mode="floor")
                    xp = X.index_select(0, tok)
                    ws = wts.view(-1).index_select(0, order).to(bf16)
                    return xp, ws, tok

                def experts(xp):
                    return [ffn(xp[a:b], wa, wb, it) for (a, b, wa, wb) in plan]

                def combine(ys, ws, tok):
                    y = torch.cat(ys) if len(ys) > 1 else ys[0]
                    y = y * ws.unsqueeze(1)
                    out = torch.zeros(T, hd, dtype=bf16, device=dev)
                    out.index_add_(0, tok, y)
                    return out

                def layer():
                    wts = router()
                    xp, ws, tok = permute(wts)
                    return combine(experts(xp), ws, tok)

                wts = router()
                xp, ws, tok = permute(wts)
                ys = experts(xp)
                if not checked:
                    checked = True
                    cnt = torch.bincount(idx.view(-1), minlength=c.experts).tolist()
                    assert cnt == counts, "planned assignment does not reproduce the counts"
                    out = layer().float()
                    ref = torch.zeros(T, hd, dtype=torch.float32, device=dev)
                    for i, e in enumerate([e for e in range(c.experts) if counts[e] > 0]):
                        rows, sl = (idx == e).nonzero(as_tuple=True)
                        y = ffn(X[rows], slots[i][0], slots[i][1], it).float()
                        ref.index_add_(0, rows, y * wts[rows, sl].unsqueeze(1))
                    err = ((out - ref).norm() / ref.norm()).item()
                    elog(f"  check {c.id}: layer vs per-expert fp32-accumulated reference rel err {err:.2e}"
                         + ("" if err < 5e-2 else "  <-- TOO LARGE"))
                    del out, ref
                fns = OrderedDict([
                    ("router", router),
                    ("permute", lambda: permute(wts)),
                    ("experts", lambda: experts(xp)),
                    ("combine", lambda: combine(ys, ws, tok)),
                    ("moe_layer", layer),
                ])
                parts = {}
                for comp, fn in fns.items():
                    r = measure(fn)
                    emit(c, comp, "", r)
                    parts[comp] = r["median_us"]
                    summary.append(f"{comp}={r['median_us']:.0f}")
                s4 = sum(parts[p] for p in LAYER_PARTS[:4])
                summary.append(f"(parts sum {s4:.0f}, host {r['host_us']:.0f}/pad {r['pad_us']:.0f})")
                del idx, wts, xp, ws, tok, ys, fns
            done += 1
            elog(f"[{done}/{len(cases)}] {c.id} {c.model} T={c.tokens} k={c.top_k} gpus={c.gpus} "
                 f"{c.policy}/{c.skew}: " + " ".join(summary) + f" us  ({time.time() - ct0:.2f}s)")

        elog(f"model {model}: peak GPU memory {torch.cuda.max_memory_allocated() / 1e9:.1f} GB")
        del w_gu, w_d, x_pool, slots, routers, g_gu, g_d
        torch.cuda.empty_cache()
        torch.cuda.reset_peak_memory_stats()
    w.close()
    elog(f"done: {done} cases in {time.time() - total_t0:.1f}s")


if __name__ == "__main__":
    main()
