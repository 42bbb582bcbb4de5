"""Writes the SGLang and TensorRT-LLM fixtures with the engines' own libraries (torch, safetensors).

Each dump is built the way the engine builds it, from per-token top-k choices drawn here:
- SGLang (sgl-project/sglang python/sglang/srt/eplb/expert_distribution.py @ 02295fe5):
  stat mode keeps a circular buffer of global physical counts per forward pass, converts them to
  logical counts through physical_to_logical_map with scatter_add, all-reduces (sums) over ranks
  and torch.saves {rank, logical_count, average_utilization_rate_over_window} from rank 0;
  per_pass / per_token modes torch.save one file per rank holding {records, last_physical_to_logical_map},
  a record per forward pass with global_physical_count (and in per_token mode topk_ids_of_layer
  [layers, tokens, 8] of physical ids padded with -1, input_ids, positions, extend_seq_lens, forward_mode).
- TensorRT-LLM (NVIDIA/TensorRT-LLM tensorrt_llm/_torch/expert_statistic.py @ 0fccc5b9): rank 0 writes
  meta_info.json {num_experts, num_experts_per_token}; every rank writes rank{r}.safetensors whose key
  "{iter}_{layer}" holds torch.bincount of the selected experts (int64 [num_experts]), summed over
  the calls of that iteration and layer.

Next to each dump, _expected_counts.csv (pass,layer,expert,tokens) holds the logical counts this script
computed from the choices it drew, summed over ranks and replicas; zero counts are left out. The README's
sample (sample-traces/sglang) gets _expected_totals.csv, the same summed over its passes.
Usage: python3 make_torch_fixtures.py OUT_DIR
"""
import csv
import json
import os
import sys
from collections import defaultdict

import torch
from safetensors.torch import save_file

OUT = sys.argv[1]
DEVICE = "cuda" if torch.cuda.is_available() else "cpu"
SGLANG_TOP_K_SLOTS = 8  # _DetailSinglePassGatherer._TOP_K_NUM


def out_dir(*parts):
    path = os.path.join(OUT, *parts)
    os.makedirs(path, exist_ok=True)
    return path


def write_expected(folder, counts, name="_expected_counts.csv"):
    with open(os.path.join(folder, name), "w", newline="") as f:
        w = csv.writer(f)
        w.writerow(["pass", "layer", "expert", "tokens"])
        for (p, layer, expert), tokens in sorted(counts.items()):
            if tokens:
                w.writerow([p, layer, expert, tokens])


def replicated_map(layers, experts, redundant, gen):
    """[layers, experts + redundant]: every expert once, then `redundant` extra copies of hot ones, shuffled."""
    rows = []
    for _ in range(layers):
        extra = torch.randint(0, experts, (redundant,), generator=gen)
        slots = torch.cat([torch.arange(experts), extra])
        rows.append(slots[torch.randperm(len(slots), generator=gen)])
    return torch.stack(rows).to(torch.int64)


def draw_topk(tokens, layers, experts, k, skew, gen):
    """[layers, tokens, k] distinct logical experts per token, Zipf-like popularity per layer."""
    out = torch.empty((layers, tokens, k), dtype=torch.int64)
    for layer in range(layers):
        weights = 1.0 / torch.arange(1, experts + 1, dtype=torch.float64) ** skew
        weights = weights[torch.randperm(experts, generator=gen)]
        out[layer] = torch.multinomial(weights.expand(tokens, -1), k, replacement=False, generator=gen)
    return out


def to_physical(logical_topk, p2l, gen):
    """Each logical choice sent to one of its replicas, chosen at random (as a dispatcher would)."""
    layers = p2l.shape[0]
    physical = torch.empty_like(logical_topk)
    for layer in range(layers):
        experts = int(p2l[layer].max()) + 1
        replicas = [torch.nonzero(p2l[layer] == e).flatten() for e in range(experts)]
        width = max(len(r) for r in replicas)
        table = torch.stack([torch.cat([r, r.new_full((width - len(r),), -1)]) for r in replicas])
        counts = torch.tensor([len(r) for r in replicas])
        flat = logical_topk[layer].flatten()
        pick = (torch.rand(flat.shape, generator=gen, dtype=torch.float64) * counts[flat]).long()
        physical[layer] = table[flat, pick].view_as(logical_topk[layer])
    return physical


def add_logical(expected, key_pass, logical_topk, experts):
    """Adds [layers, tokens, k] choices to expected[(pass, layer, expert)]."""
    for layer in range(logical_topk.shape[0]):
        for e, c in enumerate(torch.bincount(logical_topk[layer].flatten(), minlength=experts).tolist()):
            expected[(key_pass, layer, e)] += c


def global_physical_count(physical_topk, num_physical):
    """_convert_per_token_to_global_physical_count: scatter_add of the non -1 ids, int32 [layers, P]."""
    layers = physical_topk.shape[0]
    ids = physical_topk.reshape(layers, -1)
    mask = ids != -1
    ans = torch.zeros((layers, num_physical), dtype=torch.int32)
    ans.scatter_add_(1, ids.masked_fill(~mask, 0).long(), mask.int())
    return ans


def logical_from_physical(gpc, p2l, experts):
    """_convert_global_physical_count_to_logical_count for [steps, layers, P]."""
    steps, layers, _ = gpc.shape
    logical = torch.zeros((steps, layers, experts), dtype=gpc.dtype)
    logical.scatter_add_(2, p2l.unsqueeze(0).expand(steps, -1, -1).to(torch.int64), gpc)
    return logical


def sglang_stat(folder, layers=3, experts=16, redundant=4, ranks=2, buffer_size=8, passes=11, seed=1):
    """Two ranks, 11 passes into an 8-row circular buffer: rows 0-2 were overwritten by passes 8-10."""
    gen = torch.Generator().manual_seed(seed)
    p2l = replicated_map(layers, experts, redundant, gen)
    total = None
    expected = defaultdict(int)
    for rank in range(ranks):
        buffer = torch.zeros((buffer_size, layers, experts + redundant), dtype=torch.int32)
        drawn = {}  # buffer row -> the logical choices of the pass last written there
        index = 0
        for p in range(passes):
            logical = draw_topk(6 + p, layers, experts, 2, 1.1, gen)
            buffer[index] = global_physical_count(to_physical(logical, p2l, gen), experts + redundant)
            drawn[index] = logical
            index = (index + 1) % buffer_size
        for row, logical in drawn.items():
            add_logical(expected, row, logical, experts)
        logical_count = logical_from_physical(buffer, p2l, experts)
        total = logical_count if total is None else total + logical_count
    path = out_dir(folder)
    torch.save(dict(rank=0, logical_count=total.to(DEVICE), average_utilization_rate_over_window=None),
               os.path.join(path, "expert_distribution_recorder_1764763200.123456.pt"))
    write_expected(path, expected)
    return total


def sglang_detail(folder, per_token, layers=3, experts=16, redundant=4, ranks=2, passes=(100, 101, 102, 104),
                  top_k=4, seed=2, stamp="1764763300.5"):
    gen = torch.Generator().manual_seed(seed)
    p2l = replicated_map(layers, experts, redundant, gen)
    num_physical = experts + redundant
    expected = defaultdict(int)
    path = out_dir(folder)
    for rank in range(ranks):
        records = []
        for forward_pass_id in passes:
            tokens = 3 + (forward_pass_id + rank) % 5
            logical = draw_topk(tokens, layers, experts, top_k, 1.2, gen)
            physical = to_physical(logical, p2l, gen)
            add_logical(expected, forward_pass_id, logical, experts)
            record = dict(forward_pass_id=forward_pass_id, rank=rank, gatherer_key="primary")
            if per_token:
                topk_ids = torch.full((layers, tokens, SGLANG_TOP_K_SLOTS), -1, dtype=torch.int32)
                topk_ids[:, :, :top_k] = physical.to(torch.int32)
                record.update(
                    input_ids=torch.randint(0, 32000, (tokens,), generator=gen).tolist(),
                    positions=list(range(40, 40 + tokens)),
                    extend_seq_lens=[tokens],
                    forward_mode=1,
                    topk_ids_of_layer=topk_ids,
                    misc_objects=[],
                    global_physical_count=global_physical_count(topk_ids, num_physical),
                )
            else:
                record["global_physical_count"] = global_physical_count(physical, num_physical)
            records.append(record)
        torch.save(dict(records=records, last_physical_to_logical_map=p2l),
                   os.path.join(path, f"expert_distribution_recorder_{stamp}_{rank}.pt"))
    write_expected(path, expected)
    return p2l


def trtllm(folder, experts=16, top_k=4, ranks=2, iters=range(10, 14), moe_layers=(1, 2, 3), seed=3):
    """Layer ids are the model's (a first dense layer 0, as DeepSeek models have)."""
    gen = torch.Generator().manual_seed(seed)
    path = out_dir(folder)
    expected = defaultdict(int)
    with open(os.path.join(path, "meta_info.json"), "w") as f:
        json.dump({"num_experts": experts, "num_experts_per_token": top_k}, f)
    for rank in range(ranks):
        records = {}
        for it in iters:
            for layer in moe_layers:
                for _ in range(2):  # two micro-batches: the recorder adds into the same key
                    selected = draw_topk(5 + rank, 1, experts, top_k, 1.0, gen)[0]
                    counts = torch.bincount(selected.flatten(), minlength=experts)
                    key = f"{it}_{layer}"
                    records[key] = counts if key not in records else records[key] + counts
                    for e in selected.flatten().tolist():
                        expected[(it, layer, e)] += 1
        save_file(records, os.path.join(path, f"rank{rank}.safetensors"))
    write_expected(path, expected)


def corrupt(folder):
    """Files an engine could not have written, each wrong in one way."""
    path = out_dir(folder)
    good = torch.randint(0, 5, (4, 3, 16), dtype=torch.int32)
    torch.save(dict(rank=0, logical_count=good.float(), average_utilization_rate_over_window=None),
               os.path.join(path, "sglang_stat_float_counts.pt"))
    torch.save(dict(rank=0, logical_count=good[0], average_utilization_rate_over_window=None),
               os.path.join(path, "sglang_stat_2d_counts.pt"))
    torch.save(dict(rank=0, logical_count=torch.zeros_like(good), average_utilization_rate_over_window=None),
               os.path.join(path, "sglang_stat_all_zero.pt"))
    p2l = torch.arange(20).remainder(16).repeat(3, 1)
    gpc = torch.randint(0, 5, (3, 20), dtype=torch.int32)
    record = dict(forward_pass_id=7, rank=0, gatherer_key="primary", global_physical_count=gpc)
    torch.save(dict(records=[record], last_physical_to_logical_map=p2l[:2]),
               os.path.join(path, "sglang_per_pass_map_fewer_layers.pt"))
    torch.save(dict(records=[dict(record, global_physical_count=torch.randint(0, 5, (3, 24), dtype=torch.int32))],
                    last_physical_to_logical_map=p2l),
               os.path.join(path, "sglang_per_pass_slots_outside_map.pt"))
    topk = torch.full((3, 2, 8), -1, dtype=torch.int32)
    topk[:, :, :2] = torch.tensor([[0, 25], [3, 4]], dtype=torch.int32)
    torch.save(dict(records=[dict(record, topk_ids_of_layer=topk, input_ids=[1, 2], positions=[0, 1],
                                  extend_seq_lens=[2], forward_mode=1, misc_objects=[],
                                  global_physical_count=torch.zeros((3, 20), dtype=torch.int32))],
                    last_physical_to_logical_map=p2l),
               os.path.join(path, "sglang_per_token_id_outside_map.pt"))
    save_file({"10_1": torch.rand(16)}, os.path.join(path, "trtllm_float_counts.safetensors"))
    save_file({"10_1": torch.zeros(15, dtype=torch.int64), "10_2": torch.zeros(16, dtype=torch.int64)},
              os.path.join(path, "trtllm_mismatched_experts.safetensors"))
    save_file({"ten_1": torch.ones(16, dtype=torch.int64)}, os.path.join(path, "trtllm_bad_key.safetensors"))


def sample_mixtral(folder, passes=400, ranks=2, seed=4):
    """A night's worth of recorder output for the README: Mixtral-8x7B (32 MoE layers, 8 experts, top-2)
    on 4 GPUs with 4 redundant slots, decode batches of 48-80 tokens per rank, skew drifting over passes."""
    layers, experts, redundant, top_k = 32, 8, 4, 2
    gen = torch.Generator().manual_seed(seed)
    p2l = replicated_map(layers, experts, redundant, gen)
    base = [torch.randperm(experts, generator=gen) for _ in range(layers)]
    expected = defaultdict(int)
    path = out_dir(folder)
    for rank in range(ranks):
        records = []
        for forward_pass_id in range(1000, 1000 + passes):
            tokens = int(torch.randint(48, 81, (1,), generator=gen))
            phase = forward_pass_id / passes
            logical = torch.empty((layers, tokens, top_k), dtype=torch.int64)
            for layer in range(layers):
                ranks_of = (base[layer] + int(phase * 3 + layer % 3)) % experts
                weights = 1.0 / (ranks_of.double() + 1) ** 1.3
                logical[layer] = torch.multinomial(weights.expand(tokens, -1), top_k, replacement=False, generator=gen)
            add_logical(expected, forward_pass_id, logical, experts)
            gpc = global_physical_count(to_physical(logical, p2l, gen), experts + redundant)
            records.append(dict(forward_pass_id=forward_pass_id, rank=rank, gatherer_key="primary",
                                global_physical_count=gpc))
        torch.save(dict(records=records, last_physical_to_logical_map=p2l),
                   os.path.join(path, f"expert_distribution_recorder_1764763400.25_{rank}.pt"))
    totals = defaultdict(int)
    for (_, layer, expert), tokens in expected.items():
        totals[("all", layer, expert)] += tokens
    write_expected(path, totals, "_expected_totals.csv")


if __name__ == "__main__":
    sglang_stat("sglang-stat")
    sglang_detail("sglang-per-pass", per_token=False)
    sglang_detail("sglang-per-token", per_token=True, seed=5, stamp="1764763350.75")
    trtllm("trtllm-expert-stats")
    corrupt("corrupt")
    sample_mixtral("sample-sglang-per-pass")
    print("torch", torch.__version__, "device", DEVICE)
    import safetensors
    print("safetensors", safetensors.__version__)
