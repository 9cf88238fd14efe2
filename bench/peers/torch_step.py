"""PyTorch peer (CPU, float32): the same steps as numpy_step.py, with torch ops and analytic
gradients (no autograd), timed with 1 and 2 intra-op threads; prints one JSON line.

Usage: torch_step.py DATA_DIR OUT_PREFIX THREADS [--agreement]   (--agreement writes
OUT_PREFIX-{gW,delta}.f32 at W0)
"""
import json
import sys

import numpy as np
import torch
from common import load, peak_rss_mb, reps_for, time_steps, write_f32


def forward_backward(Z, Y, n, P, k, m, q, rho):
    zc = Z.clamp(0, rho)
    deriv = (zc / rho) ** (q - 1)
    act = zc * deriv / q + (Z - rho).clamp_min(0)
    F = act.reshape(n, P, k, m).sum(dim=(1, 3))
    loss = torch.logsumexp(F, dim=1) - (F * Y).sum(dim=1)
    G = torch.softmax(F, dim=1) - Y
    D = (deriv.reshape(n, P, k, m) * G[:, None, :, None]).reshape(n * P, k * m)
    return loss, D


def group(a, norm, n):
    return a.reshape(n, -1) if norm == "l2" else a


def safe(nrm):
    return torch.where(nrm > 0, nrm, torch.ones_like(nrm))


def pgd_direct(X, W, Y, meta, a):
    n, P, k, m, q, rho = (meta[key] for key in ("n", "P", "k", "m", "q", "rho"))
    delta = torch.zeros_like(X)
    for _ in range(a["K"]):
        _, D = forward_backward((X + delta) @ W.T, Y, n, P, k, m, q, rho)
        g = group(D @ W, a["norm"], n)
        step = (g / safe(g.square().sum(dim=1, keepdim=True).sqrt())).reshape(X.shape)
        moved = group(delta + a["stepSize"] * step, a["norm"], n)
        nrm = moved.square().sum(dim=1, keepdim=True).sqrt()
        delta = (moved * (a["eps"] / nrm.clamp_min(a["eps"]))).reshape(X.shape)
    return delta


def standard_step(X, W, Y, meta):
    n, P, k, m, q, rho, eta = (meta[key] for key in ("n", "P", "k", "m", "q", "rho", "eta"))
    loss, D = forward_backward(X @ W.T, Y, n, P, k, m, q, rho)
    return W - eta * ((D.T @ X) / n), loss.mean()


def adversarial_step(X, W, Y, meta, a):
    return standard_step(X + pgd_direct(X, W, Y, meta, a), W, Y, meta)


def adversarial_step_rowspace(X, W, Y, meta, a):
    n, P, k, m, q, rho, eta = (meta[key] for key in ("n", "P", "k", "m", "q", "rho", "eta"))
    Z0 = X @ W.T
    M = W @ W.T
    C = torch.zeros_like(Z0)
    CM = torch.zeros_like(Z0)
    nm = a["norm"]
    for _ in range(a["K"]):
        _, D = forward_backward(Z0 + CM, Y, n, P, k, m, q, rho)
        DM = D @ M
        gq = group((D * DM).sum(dim=1, keepdim=True), nm, n).sum(dim=1, keepdim=True)
        scale = a["stepSize"] / safe(gq.clamp_min(0).sqrt())
        moved = (group(C, nm, n) + scale * group(D, nm, n)).reshape(C.shape)
        movedM = (group(CM, nm, n) + scale * group(DM, nm, n)).reshape(C.shape)
        dq = group((moved * movedM).sum(dim=1, keepdim=True), nm, n).sum(dim=1, keepdim=True)
        f = a["eps"] / dq.clamp_min(0).sqrt().clamp_min(a["eps"])
        C = (group(moved, nm, n) * f).reshape(C.shape)
        CM = (group(movedM, nm, n) * f).reshape(C.shape)
    loss, D = forward_backward(Z0 + CM, Y, n, P, k, m, q, rho)
    return W - eta * ((D.T @ X + (D.T @ C) @ W) / n), loss.mean()


def main():
    data_dir, out_prefix, threads = sys.argv[1], sys.argv[2], int(sys.argv[3])
    agreement = "--agreement" in sys.argv[4:]
    torch.set_num_threads(threads)
    meta, Xn, W0n, y = load(data_dir)
    a = meta["attack"]
    X = torch.from_numpy(Xn)
    W0 = torch.from_numpy(W0n)
    Y = torch.eye(meta["k"], dtype=torch.float32)[torch.from_numpy(y.astype(np.int64))]
    n, P, k, m, q, rho = (meta[key] for key in ("n", "P", "k", "m", "q", "rho"))
    cfg = torch.__config__.show()
    out = {"impl": "torch", "version": torch.__version__, "threads": threads, "blas": {"blasInfo": cfg.split("BLAS_INFO=")[-1].split(",")[0] if "BLAS_INFO=" in cfg else None, "cpuCapability": torch.backends.cpu.get_cpu_capability(), "mkldnn": torch.backends.mkldnn.is_available()}}
    with torch.no_grad():
        if agreement:
            loss, D = forward_backward(X @ W0.T, Y, n, P, k, m, q, rho)
            write_f32(f"{out_prefix}-gW.f32", ((D.T @ X) / n).numpy())
            write_f32(f"{out_prefix}-delta.f32", pgd_direct(X, W0, Y, meta, a)[: meta["deltaRows"]].numpy())
            out["loss"] = float(loss.mean())
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
