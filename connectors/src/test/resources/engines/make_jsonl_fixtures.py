"""Writes the Megatron-Core router trace and vLLM EPLB statistics fixtures (plain Python 3, no torch).

Each file is built the way the engine builds it, from per-token top-k choices drawn here:
- Megatron-Core (NVIDIA/Megatron-LM megatron/core/transformer/moe/router_trace.py @ 059f0f5c):
  router_trace_rank{r}.jsonl, one record per router call, keys in the tracer's order
  {step, stage: "pre_dispatch", block, layer, rank, num_tokens, topk, [mtp_idx,] top_indices}, written with
  json.dumps. Training mode: two micro-batches per step, each running decoder layers 1-3 (layer 0 is dense:
  no router, no record) and then the MTP head's layer 0 (block "mtp", mtp_idx 0).
- vLLM offline EPLB (PR 41141, not final; vllm-project/vllm tools/eplb/generate_static_mapping.py @ 63727bfc
  and the PR's tests): eplb_stats.jsonl holds {record_type: "eplb_load_stats", version: 1, step, num_ranks,
  expert_load [L][P], p2l_map [L][P]} records, the map changing (a rearrangement) half way;
  eplb_stats_meta.jsonl is the PR's later layout: an eplb_load_meta header, a benchmark script's
  bench_run_start marker, then statistics records without num_ranks. Each logical choice is sent to one of
  its replicas at random, so expert_load counts physical slots.

Next to each, _expected_counts.csv (pass,layer,expert,tokens) holds the logical counts this script computed
from the choices it drew, summed over ranks, replicas and files; zero counts are left out; and
_expected_rejects.csv (file,line,field) the rows a reader must reject. The leading _ keeps them out of a
folder given as --routing.
Usage: python3 make_jsonl_fixtures.py OUT_DIR   (OUT_DIR: connectors/src/test/resources/engines)
"""
import csv
import json
import os
import random
import sys
from collections import defaultdict

OUT = sys.argv[1]


def out_dir(name):
    path = os.path.join(OUT, name)
    os.makedirs(path, exist_ok=True)
    return path


def write_csv(folder, name, header, rows):
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(header)
        w.writerows(rows)


def write_expected(folder, counts):
    write_csv(folder, "_expected_counts.csv", ["pass", "layer", "expert", "tokens"],
              [[p, layer, e, t] for (p, layer, e), t in sorted(counts.items()) if t])


def draw_topk(rng, tokens, experts, k, weights):
    """tokens lists of k distinct experts, drawn by popularity without replacement (as a top-k router picks)."""
    out = []
    for _ in range(tokens):
        chosen = []
        while len(chosen) < k:
            e = rng.choices(range(experts), weights=weights)[0]
            if e not in chosen:
                chosen.append(e)
        out.append(chosen)
    return out


def zipf(rng, experts, skew=1.1):
    weights = [1.0 / (i + 1) ** skew for i in range(experts)]
    rng.shuffle(weights)
    return weights


def megatron(folder, ranks=2, steps=4, micro_batches=2, moe_layers=(1, 2, 3), experts=16, topk=4, seed=7):
    rng = random.Random(seed)
    path = out_dir(folder)
    weights = {layer: zipf(rng, experts) for layer in moe_layers}
    expected = defaultdict(int)
    rejects = []
    for rank in range(ranks):
        name = f"router_trace_rank{rank}.jsonl"
        lines = []
        for step in range(steps):
            for mb in range(micro_batches):
                tokens = 5 + rank + mb
                for layer in moe_layers:
                    top = draw_topk(rng, tokens, experts, topk, weights[layer])
                    for choice in top:
                        for e in choice:
                            expected[(step, layer, e)] += 1
                    lines.append(dict(step=step, stage="pre_dispatch", block="decoder", layer=layer, rank=rank,
                                      num_tokens=tokens, topk=topk, top_indices=top))
                top = draw_topk(rng, tokens, experts, topk, weights[moe_layers[0]])
                lines.append(dict(step=step, stage="pre_dispatch", block="mtp", layer=0, rank=rank,
                                  num_tokens=tokens, topk=topk, mtp_idx=0, top_indices=top))
                rejects.append([name, len(lines), "block"])
        with open(os.path.join(path, name), "w") as f:
            for record in lines:
                f.write(json.dumps(record) + "\n")
    write_expected(path, expected)
    write_csv(path, "_expected_rejects.csv", ["file", "line", "field"], rejects)


def replicated_map(rng, experts, redundant):
    """[P] logical ids: every expert once, then redundant copies of random ones, shuffled."""
    slots = list(range(experts)) + [rng.randrange(experts) for _ in range(redundant)]
    rng.shuffle(slots)
    return slots


def eplb_record(rng, step, p2l, weights, tokens, topk, expected):
    """One eplb_load_stats body: logical choices drawn, each sent to a random replica, counted per slot."""
    loads = []
    for layer, slots in enumerate(p2l):
        replicas = defaultdict(list)
        for p, logical in enumerate(slots):
            replicas[logical].append(p)
        load = [0] * len(slots)
        for choice in draw_topk(rng, tokens, len(replicas), topk, weights[layer]):
            for e in choice:
                load[rng.choice(replicas[e])] += 1
                expected[(step, layer, e)] += 1
        loads.append(load)
    return dict(step=step, expert_load=loads, p2l_map=p2l)


def vllm(folder, layers=3, experts=8, redundant=4, ranks=4, topk=2, tokens=40, seed=11):
    rng = random.Random(seed)
    path = out_dir(folder)
    weights = [zipf(rng, experts, 1.3) for _ in range(layers)]
    expected = defaultdict(int)
    rejects = []
    maps = [[replicated_map(rng, experts, redundant) for _ in range(layers)] for _ in range(2)]

    lines = []
    for i, step in enumerate(range(10, 60, 10)):
        body = eplb_record(rng, step, maps[0 if i < 3 else 1], weights, tokens, topk, expected)
        lines.append(dict(record_type="eplb_load_stats", version=1, step=step, num_ranks=ranks,
                          expert_load=body["expert_load"], p2l_map=body["p2l_map"]))
    with open(os.path.join(path, "eplb_stats.jsonl"), "w") as f:
        for record in lines:
            f.write(json.dumps(record) + "\n")

    lines = [dict(record_type="eplb_load_meta", version=1, model="test-moe", num_ranks=ranks, num_groups=1,
                  num_nodes=1, num_layers=layers, num_redundant_experts=redundant),
             dict(record_type="bench_run_start", run_index=0, label="part2")]
    rejects.append(["eplb_stats_meta.jsonl", 2, "record_type"])
    for step in range(60, 100, 10):
        lines.append(dict(record_type="eplb_load_stats", version=1,
                          **eplb_record(rng, step, maps[1], weights, tokens, topk, expected)))
    with open(os.path.join(path, "eplb_stats_meta.jsonl"), "w") as f:
        for record in lines:
            f.write(json.dumps(record) + "\n")
    write_expected(path, expected)
    write_csv(path, "_expected_rejects.csv", ["file", "line", "field"], rejects)


if __name__ == "__main__":
    megatron("megatron-router-trace")
    vllm("vllm-eplb-stats")
