"""NumPy float32 peer of the conformance Trainer interface (docs/conformance.md): an independent
implementation of the training attack and update, served over stdin/stdout, one JSON request per
line ({"method": "attack"|"update", ...AttackInput or UpdateInput fields}) and one JSON answer per
line ({"out": [...]}). Everything is computed in float32; the cross-entropy gradient of the true
class is -sum of the other classes' probabilities (no 1 - p cancellation on confident samples).
The random start uses NumPy's own generator, seeded by the request's seed.

Usage: python3 conformance_trainer.py   (the caller, bench/conformance-spread.ts, drives it)
"""
import json
import sys

import numpy as np

f32 = np.float32


def smoothed(Z, q, rho):
    zc = np.clip(Z, f32(0), f32(rho))
    deriv = (zc / f32(rho)) ** (q - 1)
    act = zc * deriv / f32(q) + np.maximum(Z - f32(rho), f32(0))
    return act.astype(f32), deriv.astype(f32)


def gradients(W, X, y, s):
    n, P, d, k, m = s["n"], s["P"], s["d"], s["k"], s["m"]
    Xr = X.reshape(n * P, d)
    Wr = W.reshape(k * m, d)
    Z = Xr @ Wr.T
    act, deriv = smoothed(Z, s["q"], s["rho"])
    F = act.reshape(n, P, k, m).sum(axis=(1, 3))
    e = np.exp(F - F.max(axis=1, keepdims=True))
    p = e / e.sum(axis=1, keepdims=True)
    G = p.copy()
    rows = np.arange(n)
    G[rows, y] = 0
    G[rows, y] = -G.sum(axis=1)
    G = (G / f32(n)).astype(f32)
    D = (deriv.reshape(n, P, k, m) * G[:, None, :, None]).reshape(n * P, k * m)
    return (D @ Wr).reshape(-1), (D.T @ Xr).reshape(-1)


def block(norm, s):
    return s["d"] if norm == "patch-l2" else s["P"] * s["d"] if norm == "l2" else 1


def start(b, s, seed):
    rng = np.random.default_rng(seed)
    size = s["n"] * s["P"] * s["d"]
    if b["norm"] == "linf":
        return (f32(b["eps"]) * (2 * rng.random(size) - 1)).astype(f32)
    D = block(b["norm"], s)
    g = rng.standard_normal((size // D, D))
    r = b["eps"] * rng.random((size // D, 1)) ** (1.0 / D)
    return (g / np.linalg.norm(g, axis=1, keepdims=True) * r).reshape(-1).astype(f32)


def attack(req):
    s, b = req["shape"], req["budget"]
    X = np.array(req["X"], dtype=f32)
    W = np.array(req["W"], dtype=f32)
    y = np.array(req["y"], dtype=np.int64)
    if b["eps"] == 0:
        return np.zeros_like(X)
    delta = start(b, s, req["seed"]) if b["randomStart"] else np.zeros_like(X)
    eps, step = f32(b["eps"]), f32(b["stepSize"])
    D = block(b["norm"], s)
    for _ in range(b["steps"]):
        g, _ = gradients(W, X + delta, y, s)
        if b["norm"] == "linf":
            delta = np.clip(delta + step * np.sign(g), -eps, eps).astype(f32)
            continue
        G = g.reshape(-1, D)
        nrm = np.sqrt((G * G).sum(axis=1, keepdims=True))
        unit = G / np.where(nrm > 0, nrm, f32(1))
        moved = delta.reshape(-1, D) + step * unit
        mn = np.sqrt((moved * moved).sum(axis=1, keepdims=True))
        delta = (moved * (eps / np.maximum(mn, eps))).reshape(-1).astype(f32)
    return delta


def update(req):
    s = req["shape"]
    X = np.array(req["X"], dtype=f32)
    if req["delta"] is not None:
        X = X + np.array(req["delta"], dtype=f32)
    W = np.array(req["W"], dtype=f32)
    _, gW = gradients(W, X, np.array(req["y"], dtype=np.int64), s)
    return (W - f32(req["eta"]) * gW).astype(f32)


for line in sys.stdin:
    req = json.loads(line)
    out = attack(req) if req["method"] == "attack" else update(req)
    sys.stdout.write(json.dumps({"out": [float(v) for v in out]}) + "\n")
    sys.stdout.flush()
