#!/usr/bin/env python3
# A libzmq (python3-zmq) PULL that receives N multipart messages and reports payload bytes per
# second: the receiving end of a real target, for `Sim.Benchmarks hil-throughput`.
import os, sys, time, zmq
n = int(sys.argv[1])
ctx = zmq.Context()
s = ctx.socket(zmq.PULL)
s.bind(f"tcp://127.0.0.1:{os.environ['PORT']}")
s.recv_multipart(copy=False)  # the first message starts the clock
t = time.perf_counter()
total = 0
for _ in range(n - 1):
    frames = s.recv_multipart(copy=False)
    total += sum(len(f.buffer) for f in frames[1:])
dt = time.perf_counter() - t
print(f"{total / dt:.1f}")
s.close(linger=0)
ctx.term()
