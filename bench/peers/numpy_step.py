"""NumPy peer: the same standard and adversarial training steps as src/train/train.ts, float32,
analytic gradients, timed with 1 and with 2 BLAS threads (threadpoolctl); prints one JSON line.

Usage: numpy_step.py DATA_DIR OUT_PREFIX THREADS [--agreement]
  THREADS: BLAS threads (threadpoolctl when importable; the caller also sets OPENBLAS_NUM_THREADS).
  Standard step:    Z = X Wt, D = s'(Z) * G (per sample), dW = Dt X / n, W -= eta dW   (2F)
  Adversarial step: K direct PGD iterations on delta (forward + input gradient each), then the
                    standard step at X + delta                                          ((2K+2)F)
  Also the row-space form of the adversarial step (delta = C W, as src/attack/pgd.ts), so that
  our speed can be compared algorithm for algorithm.
With --agreement, writes OUT_PREFIX-{gW,delta}.f32 (float32 results at W0) and
OUT_PREFIX-{gW,delta}-f64.f32 (the same in float64, the reference) for the agreement check.
"""
import json
import sys

import numpy as np
from common import load, peak_rss_mb, reps_for, time_steps, write_f32


def smoothed(Z, q, rho):
    zc = np.clip(Z, 0, rho)
    ratio = zc / rho
    deriv = ratio ** (q - 1)
    act = zc * deriv / q + np.maximum(Z - rho, 0)
    return act, deriv


def forward_backward(Z, Y, n, P, k, m, q, rho):
    """From pre-activations Z [n*P, k*m]: per-sample loss [n] and D [n*P, k*m]."""
    act, deriv = smoothed(Z, q, rho)
    F = act.reshape(n, P, k, m).sum(axis=(1, 3))
    Fmax = F.max(axis=1, keepdims=True)
    e = np.exp(F - Fmax)
    s = e.sum(axis=1, keepdims=True)
    loss = (np.log(s) + Fmax)[:, 0] - (F * Y).sum(axis=1)
    G = e / s - Y
    D = (deriv.reshape(n, P, k, m) * G[:, None, :, None]).reshape(n * P, k * m)
    return loss, D


def group(a, norm, n, P):
    return a.reshape(n, -1) if norm == "l2" else a


def safe(nrm):
    return np.where(nrm > 0, nrm, 1).astype(nrm.dtype)


def pgd_direct(X, W, Y, meta, a):
    n, P, k, m, q, rho = (meta[key] for key in ("n", "P", "k", "m", "q", "rho"))
    delta = np.zeros_like(X)
    for _ in range(a["K"]):
        _, D = forward_backward((X + delta) @ W.T, Y, n, P, k, m, q, rho)
        g = D @ W
        gg = group(g, a["norm"], n, P)
        step = (gg / safe(np.sqrt((gg * gg).sum(axis=1, keepdims=True)))).reshape(g.shape)
        moved = group(delta + a["stepSize"] * step, a["norm"], n, P)
        nrm = np.sqrt((moved * moved).sum(axis=1, keepdims=True))
        delta = (moved * (a["eps"] / np.maximum(nrm, a["eps"]))).reshape(X.shape)
    return delta


def standard_step(X, W, Y, meta):
    n, P, k, m, q, rho, eta = (meta[key] for key in ("n", "P", "k", "m", "q", "rho", "eta"))
    loss, D = forward_backward(X @ W.T, Y, n, P, k, m, q, rho)
    return W - eta * ((D.T @ X) / n), loss.mean()


def adversarial_step(X, W, Y, meta, a):
    delta = pgd_direct(X, W, Y, meta, a)
    return standard_step(X + delta, W, Y, meta)


def adversarial_step_rowspace(X, W, Y, meta, a):
    n, P, k, m, q, rho, eta = (meta[key] for key in ("n", "P", "k", "m", "q", "rho", "eta"))
    Z0 = X @ W.T
    M = W @ W.T
    C = np.zeros_like(Z0)
    CM = np.zeros_like(Z0)
    for _ in range(a["K"]):
        _, D = forward_backward(Z0 + CM, Y, n, P, k, m, q, rho)
        DM = D @ M
        gq = group((D * DM).sum(axis=1, keepdims=True), a["norm"], n, P).sum(axis=1, keepdims=True)
        scale = a["stepSize"] / safe(np.sqrt(np.maximum(gq, 0)))
        moved = (group(C, a["norm"], n, P) + scale * group(D, a["norm"], n, P)).reshape(C.shape)
        movedM = (group(CM, a["norm"], n, P) + scale * group(DM, a["norm"], n, P)).reshape(C.shape)
        dq = group((moved * movedM).sum(axis=1, keepdims=True), a["norm"], n, P).sum(axis=1, keepdims=True)
        f = a["eps"] / np.maximum(np.sqrt(np.maximum(dq, 0)), a["eps"])
        C = (group(moved, a["norm"], n, P) * f).reshape(C.shape)
        CM = (group(movedM, a["norm"], n, P) * f).reshape(C.shape)
    loss, D = forward_backward(Z0 + CM, Y, n, P, k, m, q, rho)
    gW = (D.T @ X + (D.T @ C) @ W) / n
    return W - eta * gW, loss.mean()


def main():
    data_dir, out_prefix, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    agreement = "--agreement" in sys.argv[4:]
    meta, X, W0, y = load(data_dir)
    a = meta["attack"]
    Y = np.eye(meta["k"], dtype=np.float32)[y]
    out = {"impl": "numpy", "version": np.__version__, "threads": threads}
    limiter = None
    try:
        from threadpoolctl import threadpool_info, threadpool_limits
        limiter = threadpool_limits(limits=threads)
        out["blas"] = [{key: i.get(key) for key in ("internal_api", "version", "num_threads", "architecture")} for i in threadpool_info()]
    except ImportError:
        out["blas"] = "threadpoolctl not importable; threads set by OPENBLAS_NUM_THREADS"
    try:
        cfg = np.show_config(mode="dicts")
        out["blasBuild"] = cfg.get("Build Dependencies", {}).get("blas", {}).get("version")
    except Exception:
        pass

    n, P, k, m, q, rho = (meta[key] for key in ("n", "P", "k", "m", "q", "rho"))
    if agreement:
        head = meta["deltaRows"]
        for dtype, suffix in ((np.float32, ""), (np.float64, "-f64")):
            Xd, Wd, Yd = X.astype(dtype), W0.astype(dtype), Y.astype(dtype)
            loss, D = forward_backward(Xd @ Wd.T, Yd, n, P, k, m, q, rho)
            write_f32(f"{out_prefix}-gW{suffix}.f32", (D.T @ Xd) / n)
            write_f32(f"{out_prefix}-delta{suffix}.f32", pgd_direct(Xd, Wd, Yd, meta, a)[:head])
            out["loss" + suffix.replace("-", "_")] = float(loss.mean())

    probe = time_steps(lambda: standard_step(X, W0, Y, meta), reps=1, warmup=1)["median"]
    out["standard"] = time_steps(lambda: standard_step(X, W0, Y, meta), reps_for(probe), warmup=0)
    probe = time_steps(lambda: adversarial_step(X, W0, Y, meta, a), reps=1, warmup=0)["median"]
    out["adversarial"] = time_steps(lambda: adversarial_step(X, W0, Y, meta, a), reps_for(probe), warmup=0)
    probe = time_steps(lambda: adversarial_step_rowspace(X, W0, Y, meta, a), reps=1, warmup=0)["median"]
    out["adversarialRowSpace"] = time_steps(lambda: adversarial_step_rowspace(X, W0, Y, meta, a), reps_for(probe), warmup=0)
    out["peakRssMB"] = peak_rss_mb()
    print(json.dumps(out))


if __name__ == "__main__":
    main()
