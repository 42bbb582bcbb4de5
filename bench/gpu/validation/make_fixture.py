#!/usr/bin/env python3
"""Writes fixture_cases.csv: a small hand-made cases file for measure_moe_layer.py.

Two shapes (Qwen3-30B-A3B: hidden 2048, inter 768, 128 experts, top-8; Mixtral-8x7B: hidden
4096, inter 14336, 8 experts, top-2) x tokens {64, 1024} x three cases each:
  *_g1         gpus=1, policy none: all experts on one device;
  *_g4_none    gpus=4, contiguous placement (experts e -> gpu e // (E/4));
  *_g4_greedy  gpus=4, the hottest expert split into two equal replicas, then all replicas
               placed longest-first on the least-loaded gpu not already holding that expert.
Counts: Zipf shares (s=1.2 at 64 tokens, leaving 22 experts idle; s=1 at 1024) of tokens*top_k (largest remainder), capped at `tokens` with the
excess handed to the next experts; for Mixtral a fixed hand-made skew. The same counts are
used by the three cases of one (model, tokens). Not the Java generator: just a fixture.
Usage: python3 bench/gpu/validation/make_fixture.py  (writes next to itself)
"""
import csv
import os

COLS = ["case", "model", "hidden", "intermediate", "experts", "top_k", "tokens", "gpus",
        "policy", "skew", "gpu", "expert", "replica_tokens"]


def zipf_counts(E, total, cap, s=1.0):
    w = [1.0 / (e + 1) ** s for e in range(E)]
    z = sum(w)
    raw = [total * x / z for x in w]
    c = [int(r) for r in raw]
    for e in sorted(range(E), key=lambda e: -(raw[e] - c[e]))[:total - sum(c)]:
        c[e] += 1
    excess = 0
    for e in range(E):  # cap, pushing the excess to the following experts
        c[e] += excess
        excess = max(0, c[e] - cap)
        c[e] -= excess
    assert excess == 0 and sum(c) == total and max(c) <= cap
    return c


def place_none(counts, gpus):
    per = len(counts) // gpus
    return [(e // per, e, n) for e, n in enumerate(counts)]


def place_greedy(counts, gpus):
    hot = max(range(len(counts)), key=lambda e: counts[e])
    reps = [(e, n) for e, n in enumerate(counts) if e != hot]
    reps += [(hot, counts[hot] - counts[hot] // 2), (hot, counts[hot] // 2)]
    reps.sort(key=lambda r: (-r[1], r[0]))
    load, held, rows = [0] * gpus, [set() for _ in range(gpus)], []
    for e, n in reps:
        g = min((g for g in range(gpus) if e not in held[g]), key=lambda g: (load[g], g))
        load[g] += n
        held[g].add(e)
        rows.append((g, e, n))
    return sorted(rows)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    models = [("Qwen3-30B-A3B", 2048, 768, 128, 8), ("Mixtral-8x7B", 4096, 14336, 8, 2)]
    mixtral = {64: [48, 32, 16, 12, 8, 6, 4, 2], 1024: [700, 420, 300, 220, 160, 120, 80, 48]}
    out = []
    for model, hd, it, E, k in models:
        short = "qwen3" if model.startswith("Qwen") else "mixtral"
        for T in (64, 1024):
            zs = 1.2 if T == 64 else 1.0  # 1.2 at 64 tokens leaves 22 experts with no token
            counts = mixtral[T] if short == "mixtral" else zipf_counts(E, T * k, T, zs)
            assert sum(counts) == T * k and max(counts) <= T
            for gpus, policy, rows in ((1, "none", [(0, e, n) for e, n in enumerate(counts)]),
                                       (4, "none", place_none(counts, 4)),
                                       (4, "greedy", place_greedy(counts, 4))):
                cid = f"{short}_t{T}_g{gpus}_{policy}"
                for g, e, n in rows:
                    out.append([cid, model, hd, it, E, k, T, gpus, policy, f"zipf{zs}" if short == "qwen3" else "hand",
                                g, e, n])
    with open(os.path.join(here, "fixture_cases.csv"), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(COLS)
        w.writerows(out)
    print(f"{len(out)} rows")


if __name__ == "__main__":
    main()
