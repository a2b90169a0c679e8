#!/usr/bin/env python3
"""A DELIBERATELY BROKEN copy of numpy_gru.py: the blend's path weighted by (1 - u), (G11)/(G13), is left out.

A GRU in plain numpy that speaks rnn-oracle's conformance formats (case@2 in, result@2 out).

GRUs in the wild differ in two conventions, and a case names the pair it wants in its "variant":
  reset "before-matmul":  h~ = tanh(Wax x + Waa (r * h_prev) + ba)              (Cho et al., d2l)
  reset "after-matmul":   h~ = tanh(Wax x + ba + r * (Waa h_prev + bhn))         (cuDNN, PyTorch)
  blend "gate-keeps-old": h = u * h_prev + (1 - u) * h~                          (PyTorch, Cho et al.)
  blend "gate-takes-new": h = (1 - u) * h_prev + u * h~                          (Chung et al., the course)
This file does all four, so it answers every GRU test of the suite.
    python3 docs/examples/numpy_gru.py < case.json > result.json
    npx rnn-oracle conform --cells --stream --command "python3 docs/examples/numpy_gru.py --stream"
"""
import json
import sys

import numpy as np


def column(v):
    return np.array(v, dtype=float).reshape(-1, 1)


def encode(x):
    """JSON has no NaN or infinities: the format writes them as strings."""
    x = float(x)
    return x if np.isfinite(x) else ("NaN" if np.isnan(x) else ("Infinity" if x > 0 else "-Infinity"))


def table(m):
    """A vector (n x 1) as a flat list, a matrix as its rows."""
    m = np.asarray(m)
    return [encode(x) for x in m.ravel()] if m.shape[1] == 1 else [[encode(x) for x in r] for r in m]


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))  # the same function as 1 / (1 + e^-z), never overflows


def run(case):
    after = case["variant"]["reset"] == "after-matmul"
    keeps_old = case["variant"]["blend"] == "gate-keeps-old"
    P = {k: (column(v) if np.ndim(v) == 1 else np.array(v, dtype=float)) for k, v in case["params"].items()}
    n_y, n_a = P["Wya"].shape
    n_x = P["Wax"].shape[1]
    h = [column(case["a0"]) if "a0" in case else np.zeros((n_a, 1))]
    xs, saved, probs, loss = [], [], [], 0.0
    for x_in, k in zip(case["inputs"], case["targets"]):
        x = np.zeros((n_x, 1))
        if isinstance(x_in, int):
            x[x_in] = 1.0
        elif x_in is not None:
            x = column(x_in)
        prev = h[-1]
        r = sigmoid(P["Wrx"] @ x + P["Wra"] @ prev + P["br"])
        u = sigmoid(P["Wux"] @ x + P["Wua"] @ prev + P["bu"])
        n = P["Waa"] @ prev + P["bhn"] if after else None  # the recurrent product, kept for the backward pass
        cand = np.tanh(P["Wax"] @ x + P["ba"] + (r * n if after else P["Waa"] @ (r * prev)))
        w_old, w_new = (u, 1.0 - u) if keeps_old else (1.0 - u, u)
        h.append(w_old * prev + w_new * cand)
        logits = P["Wya"] @ h[-1] + P["by"]
        log_p = logits - logits.max()
        log_p -= np.log(np.exp(log_p).sum())
        loss -= log_p[k, 0]
        xs.append(x)
        saved.append((r, u, n, cand))
        probs.append(np.exp(log_p))

    d = {k: np.zeros_like(v) for k, v in P.items()}
    dh_next = np.zeros((n_a, 1))
    for t in reversed(range(len(xs))):
        r, u, n, cand = saved[t]
        prev, x = h[t], xs[t]
        dlogits = probs[t].copy()
        dlogits[case["targets"][t]] -= 1.0
        d["Wya"] += dlogits @ h[t + 1].T
        d["by"] += dlogits
        dh = P["Wya"].T @ dlogits + dh_next
        # through the blend: each of the two paths is weighted by u or by (1 - u)
        d_weighted_u, d_weighted_one_minus_u = dh * u, np.zeros_like(dh)  # BROKEN: should be dh * (1.0 - u)
        d_cand, dh_prev = (d_weighted_one_minus_u, d_weighted_u) if keeps_old else (d_weighted_u, d_weighted_one_minus_u)
        du = dh * ((prev - cand) if keeps_old else (cand - prev)) * u * (1.0 - u)
        # through the candidate
        dpre = d_cand * (1.0 - cand ** 2)
        d["Wax"] += dpre @ x.T
        d["ba"] += dpre
        if after:
            dn = dpre * r
            dr = dpre * n * r * (1.0 - r)
            d["Waa"] += dn @ prev.T
            d["bhn"] += dn
            dh_prev = dh_prev + P["Waa"].T @ dn
        else:
            back = P["Waa"].T @ dpre
            dr = back * prev * r * (1.0 - r)
            d["Waa"] += dpre @ (r * prev).T
            dh_prev = dh_prev + back * r
        # through the two gates
        for name, dz in (("r", dr), ("u", du)):
            d["W%sx" % name] += dz @ x.T
            d["W%sa" % name] += dz @ prev.T
            d["b%s" % name] += dz
            dh_prev = dh_prev + P["W%sa" % name].T @ dz
        dh_next = dh_prev
    states = {"a0": dh_next}

    result = {"format": "rnn-oracle/result@2", "cell": "gru", "variant": case["variant"], "loss": encode(loss),
              "a": [table(v) for v in h[1:]], "yHat": [table(p) for p in probs],
              "gradients": {k: table(v) for k, v in {**d, **states}.items()}}
    step = d
    if "clip" in case:
        clipped = {k: np.clip(v, -case["clip"], case["clip"]) for k, v in {**d, **states}.items()}
        result["clipped"] = {k: table(v) for k, v in clipped.items()}
        step = clipped
    if "lr" in case:
        result["updated"] = {k: table(P[k] - case["lr"] * step[k]) for k in d}
    return result


def stream():
    """JSON lines both ways: a hello (saying this is a GRU) first, then one result line per case line."""
    print(json.dumps({"format": "rnn-oracle/hello@1", "name": "numpy_gru_broken.py", "capabilities": {"cells": ["gru"]}}), flush=True)
    for line in iter(sys.stdin.readline, ""):
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    if "--stream" in sys.argv[1:]:
        stream()
    else:
        json.dump(run(json.load(sys.stdin)), sys.stdout)
        sys.stdout.write("\n")
