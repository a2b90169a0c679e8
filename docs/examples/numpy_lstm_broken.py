#!/usr/bin/env python3
"""A DELIBERATELY BROKEN copy of numpy_lstm.py: the cell state's carry dc_next = dc * f, (L19), is missing.

An LSTM in plain numpy that speaks rnn-oracle's conformance formats (case@2 in, result@2 out).

It implements both layouts a case may ask for (its "variant"): "course", four gate matrices over the
stacked input [a_prev; x], and "split", PyTorch's Wih/Whh with the gates stacked i, f, g, o and two
biases. The maths is the same; only where the numbers are stored differs, so the code below turns
either layout into per-gate pieces (W_a, W_x, b) first and back again at the end.
    python3 docs/examples/numpy_lstm.py < case.json > result.json
    npx rnn-oracle conform --cells --stream --command "python3 docs/examples/numpy_lstm.py --stream"
"""
import json
import sys

import numpy as np

GATES = ("i", "f", "g", "o")  # input, forget, candidate ("g", the course's c~), output
COURSE_NAME = {"i": "i", "f": "f", "g": "c", "o": "o"}  # the course calls the candidate's weights Wc, bc


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


def per_gate(P, variant, n_a):
    """{gate: (W_a, W_x, b)} so that z_gate = W_a @ a_prev + W_x @ x + b, whichever layout the case uses."""
    if variant == "course":
        return {g: (P["W" + COURSE_NAME[g]][:, :n_a], P["W" + COURSE_NAME[g]][:, n_a:], P["b" + COURSE_NAME[g]]) for g in GATES}
    rows = {g: slice(k * n_a, (k + 1) * n_a) for k, g in enumerate(GATES)}
    return {g: (P["Whh"][r], P["Wih"][r], P["bih"][r] + P["bhh"][r]) for g, r in rows.items()}


def in_layout(dW_a, dW_x, db, variant):
    """Per-gate gradients back in the case's layout and names."""
    if variant == "course":
        out = {}
        for g in GATES:
            out["W" + COURSE_NAME[g]] = np.hstack([dW_a[g], dW_x[g]])
            out["b" + COURSE_NAME[g]] = db[g]
        return out
    stacked = np.vstack([db[g] for g in GATES])
    return {"Wih": np.vstack([dW_x[g] for g in GATES]), "Whh": np.vstack([dW_a[g] for g in GATES]), "bih": stacked, "bhh": stacked.copy()}


def run(case):
    variant = case["variant"]
    P = {k: (column(v) if np.ndim(v) == 1 else np.array(v, dtype=float)) for k, v in case["params"].items()}
    Wya, by = P["Wya"], P["by"]
    n_y, n_a = Wya.shape
    W = per_gate(P, variant, n_a)
    n_x = W["i"][1].shape[1]
    a = [column(case["a0"]) if "a0" in case else np.zeros((n_a, 1))]
    c = [column(case["c0"]) if "c0" in case else np.zeros((n_a, 1))]
    xs, gates, probs, loss = [], [], [], 0.0
    for x_in, k in zip(case["inputs"], case["targets"]):
        x = np.zeros((n_x, 1))
        if isinstance(x_in, int):
            x[x_in] = 1.0
        elif x_in is not None:
            x = column(x_in)
        z = {g: Wa @ a[-1] + Wx @ x + b for g, (Wa, Wx, b) in W.items()}
        i, f, o, g = sigmoid(z["i"]), sigmoid(z["f"]), sigmoid(z["o"]), np.tanh(z["g"])
        c.append(f * c[-1] + i * g)
        a.append(o * np.tanh(c[-1]))
        logits = Wya @ a[-1] + by
        log_p = logits - logits.max()
        log_p -= np.log(np.exp(log_p).sum())
        loss -= log_p[k, 0]
        xs.append(x)
        gates.append((i, f, o, g))
        probs.append(np.exp(log_p))

    # backward through time: da_next and dc_next are what step t+1 sends back to step t
    dW_a = {g: np.zeros_like(W[g][0]) for g in GATES}
    dW_x = {g: np.zeros_like(W[g][1]) for g in GATES}
    db = {g: np.zeros((n_a, 1)) for g in GATES}
    dWya, dby = np.zeros_like(Wya), np.zeros_like(by)
    da_next, dc_next = np.zeros((n_a, 1)), np.zeros((n_a, 1))
    for t in reversed(range(len(xs))):
        i, f, o, g = gates[t]
        dlogits = probs[t].copy()
        dlogits[case["targets"][t]] -= 1.0
        dWya += dlogits @ a[t + 1].T
        dby += dlogits
        da = Wya.T @ dlogits + da_next
        tanh_c = np.tanh(c[t + 1])
        dc = dc_next + da * o * (1.0 - tanh_c ** 2)  # c feeds a = o * tanh(c) now, and c of step t+1
        dz = {
            "o": da * tanh_c * o * (1.0 - o),
            "f": dc * c[t] * f * (1.0 - f),
            "i": dc * g * i * (1.0 - i),
            "g": dc * i * (1.0 - g ** 2),
        }
        # BROKEN: the carry line dc_next = dc * f is missing, so the cell state gets no gradient from later steps
        da_next = np.zeros((n_a, 1))
        for gate in GATES:
            dW_a[gate] += dz[gate] @ a[t].T
            dW_x[gate] += dz[gate] @ xs[t].T
            db[gate] += dz[gate]
            da_next += W[gate][0].T @ dz[gate]
    grads = {**in_layout(dW_a, dW_x, db, variant), "Wya": dWya, "by": dby}
    states = {"a0": da_next, "c0": dc_next}

    result = {"format": "rnn-oracle/result@2", "cell": "lstm", "variant": variant, "loss": encode(loss),
              "a": [table(v) for v in a[1:]], "yHat": [table(p) for p in probs],
              "gradients": {k: table(v) for k, v in {**grads, **states}.items()}}
    step = grads
    if "clip" in case:
        clipped = {k: np.clip(v, -case["clip"], case["clip"]) for k, v in {**grads, **states}.items()}
        result["clipped"] = {k: table(v) for k, v in clipped.items()}
        step = clipped
    if "lr" in case:
        result["updated"] = {k: table(P[k] - case["lr"] * step[k]) for k in grads}
    return result


def stream():
    """JSON lines both ways: a hello (saying this is an LSTM) first, then one result line per case line."""
    print(json.dumps({"format": "rnn-oracle/hello@1", "name": "numpy_lstm_broken.py", "capabilities": {"cells": ["lstm"]}}), flush=True)
    for line in iter(sys.stdin.readline, ""):
        if line.strip():
            print(json.dumps(run(json.loads(line))), flush=True)


if __name__ == "__main__":
    if "--stream" in sys.argv[1:]:
        stream()
    else:
        json.dump(run(json.load(sys.stdin)), sys.stdout)
        sys.stdout.write("\n")
