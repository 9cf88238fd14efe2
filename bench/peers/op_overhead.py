"""Per-op overhead of NumPy, the counterpart of bench/opOverhead.ts: tiny add, and add / row sum on
paper-small's pre-activation size [4800, 15], best of 15 batches, in microseconds; one JSON line."""
import json
import time

import numpy as np


def per_call(fn, calls=30000):
    for _ in range(1000):
        fn()
    best = float("inf")
    for _ in range(15):
        t0 = time.perf_counter()
        for _ in range(calls // 15):
            fn()
        best = min(best, (time.perf_counter() - t0) / (calls // 15) * 1e6)
    return best


a = np.array([1, 2], np.float32)
b = np.array([3, 4], np.float32)
z = np.random.default_rng(0).standard_normal((4800, 15)).astype(np.float32)
print(json.dumps({
    "impl": "numpy", "version": np.__version__,
    "tinyAddMicros": per_call(lambda: a + b),
    "reshapeMicros": per_call(lambda: z.reshape(100, 720)),
    "mul4800x15Micros": per_call(lambda: z * z, 3000),
    "rowSum4800x15Micros": per_call(lambda: z.sum(axis=1, keepdims=True), 3000),
}))
