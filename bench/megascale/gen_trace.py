# Synthetic Azure-format trace: 2000 requests, input 571, output 159 tokens each
# (MegaScale-Infer's medians), Poisson arrivals at 10 req/s (~200 s).
import random, datetime, sys
random.seed(1)
t = datetime.datetime(2024, 1, 1)
with open(sys.argv[1], "w") as f:
    f.write("TIMESTAMP,ContextTokens,GeneratedTokens\n")
    for i in range(2000):
        t += datetime.timedelta(seconds=random.expovariate(10.0))
        f.write(t.strftime("%Y-%m-%d %H:%M:%S.%f") + "0,571,159\n")
