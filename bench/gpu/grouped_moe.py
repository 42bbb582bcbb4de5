"""One expert-parallel rank's routed experts as one grouped MoE kernel, as serving engines run them.

Engines (SGLang, vLLM, TensorRT-LLM) do not launch a GEMM pair per expert: a rank's experts run
as one grouped (fused) kernel over tokens already sorted by expert. Here the grouped GEMM is
PyTorch's torch._grouped_mm (CUTLASS's grouped GEMM on Hopper), the well-kept library kernel
closest to what the engines call:

    h = grouped_mm(x, W_gate_up, offs)     # x [T, hidden] sorted by expert; W [A, hidden, 2*inter]
    a = silu(h[:, :inter]) * h[:, inter:]  # [T, inter], the same unfused activation as ffn()
    y = grouped_mm(a, W_down, offs)        # W [A, inter, hidden]

`offs` holds each active expert's end row (int32, cumulative). The permutation that sorts tokens
by expert and the weighted combine are outside, as in measure_expert_ffn.ffn (one expert alone).
The weights are stored [A, out, in] and passed transposed: the CUTLASS path wants each expert's
matrix with the reduction dimension contiguous.
"""
import torch
import torch.nn.functional as F

KERNEL = "torch._grouped_mm"


def weights(slots, hidden, inter, device="cuda", generator=None):
    """Random bf16 gate_up and down weights of `slots` experts, [slots, out, in], scaled by 1/sqrt(fan_in)."""
    w_gu = (torch.randn(slots, 2 * inter, hidden, device=device, generator=generator) * hidden ** -0.5).to(torch.bfloat16)
    w_d = (torch.randn(slots, hidden, inter, device=device, generator=generator) * inter ** -0.5).to(torch.bfloat16)
    return w_gu, w_d


def offsets(counts, device="cuda"):
    """Cumulative end row of each expert with tokens (experts with none are left out, as the kernel skips them)."""
    ends, total = [], 0
    for n in counts:
        if n > 0:
            total += n
            ends.append(total)
    return torch.tensor(ends, dtype=torch.int32, device=device)


def even_split(tokens, active):
    """`tokens` token-slots over `active` experts: the first tokens mod active get one more."""
    base, extra = divmod(tokens, active)
    return [base + (1 if i < extra else 0) for i in range(active)]


def grouped_ffn(x, offs, w_gu, w_d, inter):
    """The rank's experts over x (rows sorted by expert, offs their ends); w_* are [A, out, in] for the A experts."""
    h = torch._grouped_mm(x, w_gu.transpose(-2, -1), offs=offs)
    a = F.silu(h[:, :inter]) * h[:, inter:]
    return torch._grouped_mm(a, w_d.transpose(-2, -1), offs=offs)


def reference(x, counts, w_gu, w_d, inter):
    """Float32 per-expert reference of grouped_ffn, for the sanity check."""
    out, start, i = [], 0, 0
    for n in counts:
        if n == 0:
            continue
        xe = x[start:start + n].float()
        h = xe @ w_gu[i].float().t()
        out.append((F.silu(h[:, :inter]) * h[:, inter:]) @ w_d[i].float().t())
        start += n
        i += 1
    return torch.cat(out)


def check(x, counts, w_gu, w_d, inter):
    """Relative error of grouped_ffn against the float32 reference."""
    offs = offsets(counts, x.device)
    y = grouped_ffn(x, offs, w_gu, w_d, inter).float()
    ref = reference(x, counts, w_gu, w_d, inter)
    return ((y - ref).norm() / ref.norm()).item()
