#!/usr/bin/env python3
"""Compares measure_moe_layer.py output with the isolated per-expert FFN times.

For each gpu_experts row: sum over the gpu's active replicas of the isolated `ffn` time from
profiles/H100-SXM/expert_ffn.csv at that replica's token count (linear interpolation in tokens
between the measured 1, 2, 4, ..., 8192), and the ratio measured / that sum. For the
single-device layer: moe_layer against router + permute + experts + combine.
Usage: python3 bench/gpu/validation/compare_fixture.py [measured.csv] [cases.csv]
Prints a markdown table (no torch needed).
"""
import bisect
import csv
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from measure_moe_layer import load_cases  # noqa: E402


def isolated_table(path):
    t = defaultdict(list)
    with open(path) as f:
        for r in csv.DictReader(f):
            if r["component"] == "ffn":
                t[r["model"]].append((int(r["tokens"]), float(r["median_us"])))
    return {m: sorted(v) for m, v in t.items()}


def interp(pts, n):
    xs = [p[0] for p in pts]
    if n <= xs[0]:
        return pts[0][1]
    if n >= xs[-1]:
        return pts[-1][1] * n / xs[-1]
    i = bisect.bisect_left(xs, n)
    (x0, y0), (x1, y1) = pts[i - 1], pts[i]
    return y0 + (y1 - y0) * (n - x0) / (x1 - x0)


def main():
    measured = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "fixture_measured.csv")
    cases_p = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "fixture_cases.csv")
    iso = isolated_table(os.path.join(os.path.dirname(HERE), "..", "..", "profiles", "H100-SXM", "expert_ffn.csv"))
    cases = {c.id: c for c in load_cases(cases_p)}
    rows = list(csv.DictReader(open(measured)))
    by_case = defaultdict(dict)
    print("| case | component | gpu | active replicas (tokens) | median_us | isolated sum us | ratio |")
    print("|---|---|---|---|---|---|---|")
    for r in rows:
        c = cases[r["case"]]
        med = float(r["median_us"])
        by_case[c.id][(r["component"], r["gpu"])] = med
        extra = ["", "", ""]
        if r["component"] == "gpu_experts":
            reps = c.replicas_on(int(r["gpu"]))
            s = sum(interp(iso[c.model], n) for _, n in reps)
            toks = ",".join(str(n) for _, n in reps)
            if len(toks) > 40:
                toks = f"{min(n for _, n in reps)}..{max(n for _, n in reps)}"
            extra = [f"{len(reps)} ({toks})", f"{s:.1f}", f"{med / s:.2f}" if s else ""]
        elif r["component"] == "experts":
            reps = c.replicas_on(0)
            s = sum(interp(iso[c.model], n) for _, n in reps)
            extra = [f"{len(reps)}", f"{s:.1f}", f"{med / s:.2f}"]
        elif r["component"] == "moe_layer":
            parts = sum(by_case[c.id][(p, "")] for p in ("router", "permute", "experts", "combine"))
            extra = ["", f"parts sum {parts:.1f}", f"{med / parts:.2f}"]
        print(f"| {c.id} | {r['component']} | {r['gpu']} | {extra[0]} | {med:.1f} | {extra[1]} | {extra[2]} |")


if __name__ == "__main__":
    main()
