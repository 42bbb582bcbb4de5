#!/usr/bin/env python3
"""Times an NCCL collective across the GPUs of one host (torch.distributed, bf16): all_to_all_single
(--collective all_to_all, the default) or all_reduce (--collective all_reduce, sum, in place).

Launch (one process per GPU); the CSV has the schema of profiles/<GPU>/all_to_all.csv and
all_reduce.csv, so rows of several GPU counts can be appended into the profile folder:
    torchrun --nproc_per_node=8 bench/gpu/measure_all_to_all.py --out all_to_all.csv
    torchrun --nproc_per_node=8 bench/gpu/measure_all_to_all.py --collective all_reduce --out all_reduce.csv

Leaves the NVLink-multicast / NVLS environment exactly as the machine sets it
(NCCL_NVLS_ENABLE etc. are only read and recorded, never changed).

bytes_per_rank: size of each rank's buffer (all_to_all sends bytes_per_rank/world_size to every
rank, itself included; all_reduce sums buffers of that size). Each repetition: a tiny all_reduce
to line the ranks up, then CUDA events around one collective; a repetition's time is the slowest
rank's. algbw_GBps = bytes_per_rank / time; busbw_GBps = algbw * (n-1)/n for all_to_all and
algbw * 2(n-1)/n for all_reduce (the bytes that cross links, as nccl-tests reports them).
origin is "measured" and source names this script (published rows cite their paper or thread).
"""
import argparse
import os
import sys

import torch
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, log, nccl_version_str, summarize_us  # noqa: E402

COLUMNS = ["gpus", "bytes_per_rank", "median_us", "busbw_GBps", "gpu", "nccl_version", "origin", "source",
           "p10_us", "p90_us", "reps", "algbw_GBps", "torch_version", "cuda_version"]
BUS_FACTOR = {"all_to_all": lambda n: (n - 1) / n, "all_reduce": lambda n: 2 * (n - 1) / n}


def fill(send, rank, ws, collective):
    """all_to_all: rank r sends value (r*ws + j) to rank j; all_reduce: every rank holds r + 1."""
    if collective == "all_reduce":
        send.fill_(float(rank + 1))
        return
    part = send.numel() // ws
    for j in range(ws):
        send[j * part:(j + 1) * part] = float(rank * ws + j)


def check(recv, rank, ws, collective, size):
    """Raises naming the rank and size when the collective delivered wrong data."""
    if collective == "all_reduce":
        ok = bool((recv == float(ws * (ws + 1) // 2)).all())
    else:
        part = recv.numel() // ws
        ok = all(bool((recv[j * part:(j + 1) * part] == float(j * ws + rank)).all()) for j in range(ws))
    if not ok:
        raise SystemExit(f"rank {rank}: wrong {collective} result at size {size}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--collective", choices=sorted(BUS_FACTOR), default="all_to_all")
    ap.add_argument("--out", default=None, help="CSV to write (default: COLLECTIVE.csv)")
    ap.add_argument("--min-bytes", type=int, default=1024)
    ap.add_argument("--max-bytes", type=int, default=256 * 1024 * 1024)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--pad-cycles", type=int, default=1_000_000)
    args = ap.parse_args()
    out = args.out or f"{args.collective}.csv"

    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29511")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    torch.cuda.set_device(local_rank)
    dev = torch.device("cuda", local_rank)
    dist.init_process_group("nccl", device_id=dev)
    rank, ws = dist.get_rank(), dist.get_world_size()
    nccl = nccl_version_str()
    env = {"gpu": torch.cuda.get_device_name(local_rank), "torch_version": torch.__version__,
           "cuda_version": torch.version.cuda, "nccl_version": nccl, "gpus": ws, "origin": "measured",
           "source": f"bench/gpu/measure_all_to_all.py --collective {args.collective}"}
    if rank == 0:
        log("env:", env, {k: os.environ.get(k) for k in
                          ("NCCL_NVLS_ENABLE", "TORCH_SYMM_MEM_DISABLE_MULTICAST", "NVSHMEM_DISABLE_NVLS")})
        w = CsvWriter(out, COLUMNS)
    tick = torch.zeros(1, device=dev)
    size = args.min_bytes
    while size <= args.max_bytes:
        n = size // 2  # bf16 elements
        n -= n % ws
        send = torch.empty(n, dtype=torch.bfloat16, device=dev)
        fill(send, rank, ws, args.collective)
        recv = torch.empty_like(send)
        if args.collective == "all_reduce":
            # in place, as tensor parallelism runs it; the timed repetitions sum the sums (values unchecked)
            recv.copy_(send)
            run = lambda: dist.all_reduce(recv)  # noqa: E731
        else:
            run = lambda: dist.all_to_all_single(recv, send)  # noqa: E731
        run()
        torch.cuda.synchronize()
        check(recv, rank, ws, args.collective, size)
        for _ in range(args.warmup):
            run()
        starts = [torch.cuda.Event(enable_timing=True) for _ in range(args.reps)]
        ends = [torch.cuda.Event(enable_timing=True) for _ in range(args.reps)]
        torch.cuda.synchronize()
        for i in range(args.reps):
            dist.all_reduce(tick)
            # GPU spin so the host enqueues the collective before the GPU gets there: the
            # event pair then times the collective, not host launch overhead
            torch.cuda._sleep(args.pad_cycles)
            starts[i].record()
            run()
            ends[i].record()
        torch.cuda.synchronize()
        t = torch.tensor([s.elapsed_time(e) for s, e in zip(starts, ends)], device=dev)
        dist.all_reduce(t, op=dist.ReduceOp.MAX)  # a repetition ends when the slowest rank does
        if rank == 0:
            r = summarize_us(t.tolist())
            bytes_sent = n * 2
            alg = bytes_sent / (r["median_us"] * 1e-6) / 1e9
            w.row(bytes_per_rank=bytes_sent, **r, **env, algbw_GBps=alg,
                  busbw_GBps=alg * BUS_FACTOR[args.collective](ws))
            log(f"bytes={bytes_sent} median={r['median_us']:.1f}us algbw={alg:.1f}GB/s")
        del send, recv
        size *= 2
    if rank == 0:
        w.close()
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
