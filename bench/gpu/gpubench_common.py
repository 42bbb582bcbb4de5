"""Shared helpers for the bench/gpu measurement scripts (timing, CSV, environment).

Timing method used by every script:
  * CUDA events around each repetition (torch.cuda.Event(enable_timing=True));
  * before each repetition a 256 MiB scratch buffer is overwritten, so the L2 cache
    (50 MB on H100) holds none of the operands: weights and KV cache come from HBM,
    as they do in serving, where each expert / sequence is touched once per step;
  * after the flush, a GPU spin kernel (torch.cuda._sleep, PAD_CYCLES clock cycles, about
    0.5 ms at 1.98 GHz) is queued, so the host has time to enqueue the whole timed region
    before the GPU reaches it: the numbers are GPU execution time of the kernels back to
    back (as under CUDA-graph replay), without host launch overhead or host jitter. Without
    the pad, the first H100 run showed eager launch overhead (tens of us, with outliers of
    hundreds of us) dominating every shape under ~50 us;
  * warm-up runs first (cuBLAS/cuDNN heuristics, allocator), then >= min_reps timed
    repetitions; the number of repetitions is raised (up to max_reps) while the total
    stays within a small time budget;
  * torch.cuda.synchronize() before the first and after the last event.
"""
import csv
import json
import os
import platform
import subprocess
import sys
import time

import torch

FLUSH_BYTES = 256 * 1024 * 1024
PAD_CYCLES = 1_000_000


def env_info():
    """Versions and device identity, recorded in every CSV row and in the sidecar JSON."""
    info = {
        "gpu": torch.cuda.get_device_name(0) if torch.cuda.is_available() else "cpu",
        "torch_version": torch.__version__,
        "cuda_version": torch.version.cuda or "none",
    }
    return info


def nccl_version_str():
    v = torch.cuda.nccl.version()
    if isinstance(v, int):  # older torch: e.g. 21803 -> 2.18.3
        return f"{v // 10000}.{(v // 100) % 100}.{v % 100}"
    return ".".join(str(x) for x in v)


def percentile(sorted_vals, q):
    """Linear-interpolated percentile of an already sorted list, q in [0, 100]."""
    if not sorted_vals:
        return float("nan")
    if len(sorted_vals) == 1:
        return sorted_vals[0]
    pos = (len(sorted_vals) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(sorted_vals) - 1)
    frac = pos - lo
    return sorted_vals[lo] * (1 - frac) + sorted_vals[hi] * frac


def summarize_us(times_ms):
    s = sorted(t * 1000.0 for t in times_ms)
    return {
        "median_us": percentile(s, 50),
        "p10_us": percentile(s, 10),
        "p90_us": percentile(s, 90),
        "reps": len(s),
    }


def pad_cycles_per_us():
    """Cycles of torch.cuda._sleep per microsecond on this GPU: one PAD_CYCLES spin, timed."""
    s, e = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
    torch.cuda._sleep(PAD_CYCLES)
    s.record()
    torch.cuda._sleep(PAD_CYCLES)
    e.record()
    torch.cuda.synchronize()
    return PAD_CYCLES / (s.elapsed_time(e) * 1000.0)


class Timer:
    """Times a zero-argument callable with CUDA events, flushing L2 before each repetition."""

    def __init__(self, device="cuda", warmup=5, min_reps=20, max_reps=100,
                 budget_s=0.25, flush=True, pad_cycles=PAD_CYCLES):
        self.device = device
        self.warmup = warmup
        self.min_reps = min_reps
        self.max_reps = max_reps
        self.budget_s = budget_s
        self.flush = flush
        self.pad_cycles = pad_cycles if hasattr(torch.cuda, "_sleep") else 0
        self.scratch = torch.empty(FLUSH_BYTES, dtype=torch.uint8, device=device) if flush else None

    def _flush(self):
        if self.scratch is not None:
            self.scratch.zero_()

    def _timed(self, fn, n):
        starts = [torch.cuda.Event(enable_timing=True) for _ in range(n)]
        ends = [torch.cuda.Event(enable_timing=True) for _ in range(n)]
        torch.cuda.synchronize()
        for i in range(n):
            self._flush()
            if self.pad_cycles:
                torch.cuda._sleep(self.pad_cycles)
            starts[i].record()
            fn()
            ends[i].record()
        torch.cuda.synchronize()
        return [s.elapsed_time(e) for s, e in zip(starts, ends)]

    def measure(self, fn):
        # warm-up (also gives a first estimate of the per-repetition time)
        warm = self._timed(fn, self.warmup)
        est_ms = sorted(warm)[len(warm) // 2]
        per_rep_s = (est_ms + 0.65) / 1000.0  # + ~0.1 ms L2 flush + ~0.5 ms pad
        reps = int(self.budget_s / max(per_rep_s, 1e-6))
        reps = max(self.min_reps, min(self.max_reps, reps))
        return summarize_us(self._timed(fn, reps))


class CsvWriter:
    """Appends rows and flushes after each one, so a killed run still leaves its data."""

    def __init__(self, path, columns):
        self.path = path
        self.columns = columns
        d = os.path.dirname(os.path.abspath(path))
        os.makedirs(d, exist_ok=True)
        self.f = open(path, "w", newline="")
        self.w = csv.DictWriter(self.f, fieldnames=columns, extrasaction="ignore")
        self.w.writeheader()
        self.f.flush()

    def row(self, **kw):
        out = {}
        for c in self.columns:
            v = kw.get(c, "")
            if isinstance(v, float):
                v = f"{v:.3f}" if abs(v) >= 0.001 or v == 0 else f"{v:.6g}"
            out[c] = v
        self.w.writerow(out)
        self.f.flush()

    def close(self):
        self.f.close()


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def write_env_json(path, extra=None, measure_ceilings=True):
    """Sidecar JSON: device identity, versions, and two measured ceilings (HBM copy, bf16 GEMM)."""
    info = env_info()
    info["python"] = platform.python_version()
    info["timestamp_utc"] = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    try:
        info["cudnn_version"] = torch.backends.cudnn.version()
    except Exception as e:  # noqa: BLE001
        info["cudnn_version"] = f"error: {e}"
    try:
        info["nccl_version"] = nccl_version_str()
    except Exception as e:  # noqa: BLE001
        info["nccl_version"] = f"error: {e}"
    if torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        info["sm_count"] = p.multi_processor_count
        info["total_memory_bytes"] = p.total_memory
        info["capability"] = f"{p.major}.{p.minor}"
        info["l2_cache_bytes"] = getattr(p, "L2_cache_size", None)
        info["device_count"] = torch.cuda.device_count()
    try:
        q = subprocess.run(
            ["nvidia-smi", "--query-gpu=name,driver_version,clocks.sm,clocks.mem,clocks.max.sm,"
             "clocks.max.mem,power.limit,temperature.gpu", "--format=csv"],
            capture_output=True, text=True, timeout=30)
        info["nvidia_smi"] = q.stdout.strip()
    except Exception as e:  # noqa: BLE001
        info["nvidia_smi"] = f"error: {e}"
    for k in ("NCCL_NVLS_ENABLE", "TORCH_SYMM_MEM_DISABLE_MULTICAST", "NVSHMEM_DISABLE_NVLS"):
        info["env_" + k] = os.environ.get(k)
    if torch.cuda.is_available() and hasattr(torch.cuda, "_sleep"):
        info["pad_cycles"] = PAD_CYCLES
        info["pad_us_measured"] = PAD_CYCLES / pad_cycles_per_us()
    if measure_ceilings and torch.cuda.is_available():
        t = Timer(flush=False, warmup=3, min_reps=20, max_reps=20)
        n = 2 * 1024 ** 3  # 2 GiB copy: read 2 GiB + write 2 GiB
        a = torch.empty(n, dtype=torch.uint8, device="cuda").random_(0, 255)
        b = torch.empty_like(a)
        r = t.measure(lambda: b.copy_(a))
        info["d2d_copy_bytes_rw"] = 2 * n
        info["d2d_copy_median_us"] = r["median_us"]
        info["d2d_copy_TBps_rw"] = 2 * n / (r["median_us"] * 1e-6) / 1e12
        del a, b
        m = 8192
        x = torch.randn(m, m, dtype=torch.bfloat16, device="cuda")
        y = torch.randn(m, m, dtype=torch.bfloat16, device="cuda")
        r = t.measure(lambda: x @ y)
        info["gemm_8192_bf16_median_us"] = r["median_us"]
        info["gemm_8192_bf16_TFLOPs"] = 2 * m ** 3 / (r["median_us"] * 1e-6) / 1e12
        del x, y
        torch.cuda.empty_cache()
    if extra:
        info.update(extra)
    with open(path, "w") as f:
        json.dump(info, f, indent=2, sort_keys=True)
    return info
