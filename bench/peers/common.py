"""Shared by the peer benchmarks: loading the benchmark's data and timing a step.

The data directory (written by bench/run.ts) holds meta.json, X.f32 ([n*P, d], C order),
W0.f32 ([k*m, d]) and y.i32 ([n]). The model is the project's two-layer smoothed-ReLU CNN
(docs/model.md, "Network") with the same flattened layout as src/model/network.ts.
"""
import json
import os
import statistics
import time

import numpy as np


def load(data_dir):
    with open(os.path.join(data_dir, "meta.json")) as f:
        meta = json.load(f)
    n, P, d, k, m = (meta[key] for key in ("n", "P", "d", "k", "m"))
    X = np.fromfile(os.path.join(data_dir, "X.f32"), dtype="<f4").reshape(n * P, d)
    W0 = np.fromfile(os.path.join(data_dir, "W0.f32"), dtype="<f4").reshape(k * m, d)
    y = np.fromfile(os.path.join(data_dir, "y.i32"), dtype="<i4")
    return meta, X, W0, y


def time_steps(fn, reps, warmup=1):
    """Median, min and max seconds of `fn()` over `reps` timed calls after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return {"median": statistics.median(times), "min": min(times), "max": max(times), "reps": reps}


def reps_for(seconds_per_step, budget=3.0, lo=2, hi=20):
    return int(max(lo, min(hi, budget / max(seconds_per_step, 1e-6))))


def write_f32(path, a):
    np.ascontiguousarray(a, dtype="<f4").tofile(path)


def peak_rss_mb():
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
