#!/usr/bin/env python3
"""A plain numpy RNN that speaks rnn-oracle's conformance formats.

Reads one case (rnn-oracle/case@1) on stdin and writes its result (rnn-oracle/result@1) on stdout:
    python3 docs/examples/numpy_rnn.py < case.json > result.json
    npx rnn-oracle conform --command "python3 docs/examples/numpy_rnn.py"
With --stream it writes a hello line, then answers one case per stdin line with one result line:
    npx rnn-oracle conform --stream --command "python3 docs/examples/numpy_rnn.py --stream"
"""
import json
import sys

import numpy as np


def column(v):
    """A vector given flat or as n x 1 rows, as an n x 1 array."""
    return np.array(v, dtype=float).reshape(-1, 1)


def encode(x):
    """JSON has no NaN or infinities: the format writes them as strings."""
    x = float(x)
    return x if np.isfinite(x) else ("NaN" if np.isnan(x) else ("Infinity" if x > 0 else "-Infinity"))


def rows(m):
    return [[encode(x) for x in r] for r in np.atleast_2d(m)]


def flat(v):
    return [encode(x) for x in np.ravel(v)]


def run(case):
    P = case["params"]
    Wax, Waa, Wya = (np.array(P[k], dtype=float) for k in ("Wax", "Waa", "Wya"))
    ba, by = column(P["ba"]), column(P["by"])
    n_a, n_x = Wax.shape
    a = [column(case["a0"]) if "a0" in case else np.zeros((n_a, 1))]
    xs, ps, loss = [], [], 0.0
    for x_in, k in zip(case["inputs"], case["targets"]):
        if x_in is None:
            x = np.zeros((n_x, 1))
        elif isinstance(x_in, int):
            x = np.zeros((n_x, 1))
            x[x_in] = 1.0
        else:
            x = column(x_in)
        h = np.tanh(Wax @ x + Waa @ a[-1] + ba)
        o = Wya @ h + by
        shifted = o - o.max()
        log_p = shifted - np.log(np.exp(shifted).sum())
        loss -= log_p[k, 0]
        xs.append(x)
        a.append(h)
        ps.append(np.exp(log_p))
    g = {name: np.zeros_like(v) for name, v in (("Wax", Wax), ("Waa", Waa), ("Wya", Wya), ("ba", ba), ("by", by))}
    dz_next = np.zeros((n_a, 1))
    for t in reversed(range(len(xs))):
        do = ps[t].copy()
        do[case["targets"][t]] -= 1.0
        g["Wya"] += do @ a[t + 1].T
        g["by"] += do
        da = Wya.T @ do + Waa.T @ dz_next
        dz = (1.0 - a[t + 1] ** 2) * da
        g["Waa"] += dz @ a[t].T
        g["Wax"] += dz @ xs[t].T
        g["ba"] += dz
        dz_next = dz
    g["a0"] = Waa.T @ dz_next

    def pack(d):
        return {k: flat(v) if k in ("ba", "by", "a0") else rows(v) for k, v in d.items()}

    result = {
        "format": "rnn-oracle/result@1",
        "loss": encode(loss),
        "a": [flat(h) for h in a[1:]],
        "yHat": [flat(p) for p in ps],
        "gradients": pack(g),
    }
    step = g
    if "clip" in case:
        step = {k: np.clip(v, -case["clip"], case["clip"]) for k, v in g.items()}
        result["clipped"] = pack(step)
    if "lr" in case:
        params = {"Wax": Wax, "Waa": Waa, "Wya": Wya, "ba": ba, "by": by}
        result["updated"] = pack({k: v - case["lr"] * step[k] for k, v in params.items()})
    return result


def stream():
    """JSON lines both ways: a hello first, then one result line per case line, flushed at once."""
    print(json.dumps({"format": "rnn-oracle/hello@1", "name": "numpy_rnn.py"}), flush=True)
    for line in iter(sys.stdin.readline, ""):
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    if "--stream" in sys.argv[1:]:
        stream()
    else:
        json.dump(run(json.load(sys.stdin)), sys.stdout)
        sys.stdout.write("\n")
