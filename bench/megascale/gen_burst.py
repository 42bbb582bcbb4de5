# Burst trace for `straggler` diagnostics: N requests (571 in / 159 out) all arriving within 1 ms,
# so with --max-batch N every decode step carries exactly N sequences.
import sys, datetime
n = int(sys.argv[1]); out = sys.argv[2]; t = datetime.datetime(2024, 1, 1)
with open(f"{out}/burst_{n}.csv", "w") as f:
    f.write("TIMESTAMP,ContextTokens,GeneratedTokens\n")
    for i in range(n):
        f.write((t + datetime.timedelta(microseconds=i % 1000)).strftime("%Y-%m-%d %H:%M:%S.%f") + "0,571,159\n")
