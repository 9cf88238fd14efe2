"""The NumPy side of the measured ceiling: a 2048^3 float32 matrix product (the BLAS sgemm NumPy
links), best of several calls, on THREADS BLAS threads (threadpoolctl). Prints one JSON line with
the kernel threadpoolctl reports (OpenBLAS core type / architecture).

Usage: sgemm.py THREADS [N]
"""
import json
import sys
import time

import numpy as np


def main():
    threads = int(sys.argv[1])
    n = int(sys.argv[2]) if len(sys.argv) > 2 else 2048
    from threadpoolctl import threadpool_info, threadpool_limits
    with threadpool_limits(limits=threads):
        rng = np.random.default_rng(0)
        a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
        a @ b
        times = []
        deadline = time.perf_counter() + 6.0
        while len(times) < 3 or (len(times) < 12 and time.perf_counter() < deadline):
            t0 = time.perf_counter()
            a @ b
            times.append(time.perf_counter() - t0)
        info = [{k: i.get(k) for k in ("internal_api", "version", "num_threads", "architecture")} for i in threadpool_info()]
    best = min(times)
    print(json.dumps({"impl": "numpy-sgemm", "version": np.__version__, "n": n, "threads": threads, "bestSeconds": best, "gflops": 2 * n ** 3 / best / 1e9, "reps": len(times), "blas": info}))


if __name__ == "__main__":
    main()
