#!/usr/bin/env python3
"""Writes the routed-experts fixtures and the counts a correct reader must find in them.

Six requests to an MoE model of 4 MoE layers, 8 routed experts, top-2, answered twice over with
the same routing, as each engine returns it with --enable-return-routed-experts:

  vllm_responses.jsonl    vLLM (v0.21) OpenAI-compatible responses: "prompt_routed_experts"
                          [prompt_len][moe_layers][top_k] at the top and each choice's
                          "routed_experts" [gen_rows][moe_layers][top_k], nested lists; prompt
                          positions served from the prefix cache are rows of -1 (the engine did not
                          route them). Ids "chatcmpl-<n>" (the caller's request_id n, prefixed by vLLM).
  sglang_responses.jsonl  SGLang /generate responses: meta_info.routed_experts = base64 of int32
                          little-endian, flattened (position, layer, top_k) over prompt_tokens +
                          completion_tokens - 1 positions (the last sampled token is never fed
                          forward) and over ALL hidden layers: hidden layer 0 is dense, so its ids
                          stay 0 (never captured) and hidden layers 1..4 are MoE layers 0..3.
                          meta_info.cached_tokens leading positions were served from the prefix cache
                          (SGLang returns the routing of the earlier request that computed them).
                          meta_info.id is a uuid, so request ids are 0-based line numbers; the user
                          adds "top_k" (SGLang's payload does not say its shape).
  _requests.jsonl          the same six requests as a Mooncake trace (ids = 0-based line numbers):
                          input_length = prompt tokens, output_length = completion tokens.

Generated rows: position p of a sequence is the token fed at p: p < prompt_len is prefill, the rest
decode; a response of C completion tokens has C - 1 decode rows.

  _expected_counts.csv           layer,expert,tokens over all counted decisions (either file)
  _expected_counts_by_phase.csv  phase,layer,expert,tokens
  _expected_summary.json         rows, decisions and rejects each file must give

Run: python3 make_routed_fixtures.py   (standard library only; seeded, so the output is byte-identical)
"""
import base64
import csv
import json
import random
import struct
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent / "routed-experts"
MOE_LAYERS, EXPERTS, TOP_K = 4, 8, 2
DENSE_LAYERS_FIRST = 1  # the SGLang file's leading dense hidden layers
# (prompt_tokens, completion_tokens, prefix-cached prompt tokens)
REQUESTS = [(7, 4, 0), (9, 5, 4), (5, 3, 0), (12, 6, 8), (6, 2, 0), (10, 7, 4)]

rng = random.Random(15)
# Per layer a skewed popularity, so counts differ from expert to expert.
weights = [[rng.choice([1, 1, 2, 3, 6]) for _ in range(EXPERTS)] for _ in range(MOE_LAYERS)]


def choose(layer):
    first = rng.choices(range(EXPERTS), weights[layer])[0]
    rest = [e for e in range(EXPERTS) if e != first]
    second = rng.choices(rest, [weights[layer][e] for e in rest])[0]
    return [first, second]


sequences = []  # per request: rows[position][layer] = [e0, e1]
for prompt, completion, cached in REQUESTS:
    sequences.append([[choose(layer) for layer in range(MOE_LAYERS)] for _ in range(prompt + completion - 1)])

counts = Counter()  # (phase, layer, expert) -> tokens
decisions = prefix_cached = 0
for (prompt, completion, cached), rows in zip(REQUESTS, sequences):
    for position, row in enumerate(rows):
        for layer, chosen in enumerate(row):
            if position < cached:
                prefix_cached += 1
                continue
            decisions += 1
            for expert in chosen:
                counts[("prefill" if position < prompt else "decode", layer, expert)] += 1

with open(HERE / "vllm_responses.jsonl", "w") as out:
    for n, ((prompt, completion, cached), rows) in enumerate(zip(REQUESTS, sequences)):
        prompt_rows = [[[-1] * TOP_K for _ in range(MOE_LAYERS)] if p < cached else rows[p] for p in range(prompt)]
        response = {
            "id": f"chatcmpl-{n}", "object": "chat.completion", "created": 1_780_000_000 + n, "model": "moe-4x8",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "..."}, "logprobs": None,
                         "finish_reason": "length", "stop_reason": None, "token_ids": None,
                         "routed_experts": rows[prompt:]}],
            "usage": {"prompt_tokens": prompt, "total_tokens": prompt + completion, "completion_tokens": completion},
            "prompt_logprobs": None, "prompt_token_ids": None, "prompt_routed_experts": prompt_rows,
            "kv_transfer_params": None}
        out.write(json.dumps(response, separators=(",", ":")) + "\n")

with open(HERE / "sglang_responses.jsonl", "w") as out:
    for n, ((prompt, completion, cached), rows) in enumerate(zip(REQUESTS, sequences)):
        flat = []
        for row in rows:
            for hidden in range(DENSE_LAYERS_FIRST + MOE_LAYERS):
                flat += [0] * TOP_K if hidden < DENSE_LAYERS_FIRST else row[hidden - DENSE_LAYERS_FIRST]
        payload = base64.b64encode(struct.pack(f"<{len(flat)}i", *flat)).decode("ascii")
        response = {"text": "...", "top_k": TOP_K,
                    "meta_info": {"id": f"{rng.getrandbits(128):032x}", "finish_reason": {"type": "length", "length": completion},
                                  "prompt_tokens": prompt, "completion_tokens": completion, "cached_tokens": cached,
                                  "e2e_latency": 0.25, "routed_experts": payload}}
        out.write(json.dumps(response, separators=(",", ":")) + "\n")

with open(HERE / "_requests.jsonl", "w") as out:
    for n, (prompt, completion, _) in enumerate(REQUESTS):
        out.write(json.dumps({"timestamp": 500 * n, "input_length": prompt, "output_length": completion}) + "\n")

with open(HERE / "_expected_counts.csv", "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["layer", "expert", "tokens"])
    for layer in range(MOE_LAYERS):
        for expert in range(EXPERTS):
            tokens = counts[("prefill", layer, expert)] + counts[("decode", layer, expert)]
            if tokens:
                writer.writerow([layer, expert, tokens])

with open(HERE / "_expected_counts_by_phase.csv", "w", newline="") as out:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["phase", "layer", "expert", "tokens"])
    for (phase, layer, expert), tokens in sorted(counts.items()):
        writer.writerow([phase, layer, expert, tokens])

summary = {"moe_layers": MOE_LAYERS, "experts": EXPERTS, "top_k": TOP_K, "requests": len(REQUESTS),
           "rows": decisions + prefix_cached, "decisions": decisions, "prefix_cached_rejects": prefix_cached,
           "decode_decisions": sum(c - 1 for _, c, _ in REQUESTS) * MOE_LAYERS,
           "decode_tokens": sum(c - 1 for _, c, _ in REQUESTS)}
(HERE / "_expected_summary.json").write_text(json.dumps(summary, indent=2) + "\n")
print(summary)
