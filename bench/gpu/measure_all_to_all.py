#!/usr/bin/env python3
"""Times NCCL all_to_all_single across the GPUs of one host (torch.distributed, bf16).

Launch (one process per GPU):
    torchrun --nproc_per_node=2 bench/gpu/measure_all_to_all.py --out h200x2_all_to_all.csv

Leaves the NVLink-multicast / NVLS environment exactly as the machine sets it
(NCCL_NVLS_ENABLE etc. are only read and recorded, never changed).

bytes_per_rank: size of each rank's send buffer (it sends bytes_per_rank/world_size to every
rank, itself included). Each repetition: a tiny all_reduce to line the ranks up, then CUDA
events around one all_to_all_single; a repetition's time is the slowest rank's. Columns
after the required ones: algbw_GBps = bytes_per_rank / time, busbw_GBps = algbw * (n-1)/n
(the bytes that actually cross links, as nccl-tests reports for alltoall).
"""
import argparse
import os
import sys

import torch
import torch.distributed as dist

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gpubench_common import CsvWriter, log, nccl_version_str, summarize_us  # noqa: E402

COLUMNS = ["bytes_per_rank", "median_us", "p10_us", "p90_us", "reps", "world_size", "gpu",
           "torch_version", "nccl_version", "algbw_GBps", "busbw_GBps", "cuda_version"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="h200x2_all_to_all.csv")
    ap.add_argument("--min-bytes", type=int, default=1024)
    ap.add_argument("--max-bytes", type=int, default=256 * 1024 * 1024)
    ap.add_argument("--reps", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=5)
    ap.add_argument("--pad-cycles", type=int, default=1_000_000)
    args = ap.parse_args()

    os.environ.setdefault("MASTER_ADDR", "127.0.0.1")
    os.environ.setdefault("MASTER_PORT", "29511")
    local_rank = int(os.environ.get("LOCAL_RANK", "0"))
    torch.cuda.set_device(local_rank)
    dev = torch.device("cuda", local_rank)
    dist.init_process_group("nccl", device_id=dev)
    rank, ws = dist.get_rank(), dist.get_world_size()
    nccl = nccl_version_str()
    env = {"gpu": torch.cuda.get_device_name(local_rank), "torch_version": torch.__version__,
           "cuda_version": torch.version.cuda, "nccl_version": nccl, "world_size": ws}
    if rank == 0:
        log("env:", env, {k: os.environ.get(k) for k in
                          ("NCCL_NVLS_ENABLE", "TORCH_SYMM_MEM_DISABLE_MULTICAST", "NVSHMEM_DISABLE_NVLS")})
        w = CsvWriter(args.out, COLUMNS)
    tick = torch.zeros(1, device=dev)
    size = args.min_bytes
    while size <= args.max_bytes:
        n = size // 2  # bf16 elements
        n -= n % ws
        send = torch.empty(n, dtype=torch.bfloat16, device=dev)
        # rank r sends value (r*ws + j) to rank j, so every chunk can be checked on arrival
        for j in range(ws):
            send[j * (n // ws):(j + 1) * (n // ws)] = float(rank * ws + j)
        recv = torch.empty_like(send)
        dist.all_to_all_single(recv, send)
        torch.cuda.synchronize()
        for j in range(ws):
            exp = float(j * ws + rank)
            chunk = recv[j * (n // ws):(j + 1) * (n // ws)]
            if not bool((chunk == exp).all()):
                raise SystemExit(f"rank {rank}: wrong data from rank {j} at size {size}")
        for _ in range(args.warmup):
            dist.all_to_all_single(recv, send)
        starts = [torch.cuda.Event(enable_timing=True) for _ in range(args.reps)]
        ends = [torch.cuda.Event(enable_timing=True) for _ in range(args.reps)]
        torch.cuda.synchronize()
        for i in range(args.reps):
            dist.all_reduce(tick)
            # GPU spin so the host enqueues the collective before the GPU gets there: the
            # event pair then times the collective, not host launch overhead
            torch.cuda._sleep(args.pad_cycles)
            starts[i].record()
            dist.all_to_all_single(recv, send)
            ends[i].record()
        torch.cuda.synchronize()
        t = torch.tensor([s.elapsed_time(e) for s, e in zip(starts, ends)], device=dev)
        dist.all_reduce(t, op=dist.ReduceOp.MAX)  # a repetition ends when the slowest rank does
        if rank == 0:
            r = summarize_us(t.tolist())
            bytes_sent = n * 2
            alg = bytes_sent / (r["median_us"] * 1e-6) / 1e9
            w.row(bytes_per_rank=bytes_sent, **r, **env, algbw_GBps=alg, busbw_GBps=alg * (ws - 1) / ws)
            log(f"bytes={bytes_sent} median={r['median_us']:.1f}us algbw={alg:.1f}GB/s")
        del send, recv
        size *= 2
    if rank == 0:
        w.close()
    dist.barrier()
    dist.destroy_process_group()


if __name__ == "__main__":
    main()
