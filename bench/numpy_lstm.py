#!/usr/bin/env python3
"""A straightforward numpy LSTM trained per name, the course template's way (bench/numpy_template.py).

Written for rnn-oracle's speed benchmark (npm run bench:cells), independently of the TypeScript:
the split convention of docs/lstm.md (L10) — PyTorch's nn.LSTM, gate blocks i, f, g, o, two biases —
with the vanilla output layer, loss = sum of cross-entropies, the hidden and cell states carried
from one name to the next, every gradient clipped to [-5, 5], SGD. Initialisation: numpy's seed(1),
then Wih, Whh, Wya = randn(...) * 0.01 in that order, biases 0 (as rnn-oracle's lstmInit).

  python3 bench/numpy_lstm.py --dataset fixtures/datasets/elements.txt --hidden 100 --iterations 2000 --time
prints the final smoothed loss (repr) on stdout and, with --time, iterations/s on stderr.
"""
import argparse
import sys
import time

import numpy as np


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(o):
    e = np.exp(o - np.max(o))
    return e / e.sum(axis=0)


def init(n_a, V):
    np.random.seed(1)
    Wih = np.random.randn(4 * n_a, V) * 0.01
    Whh = np.random.randn(4 * n_a, n_a) * 0.01
    Wya = np.random.randn(V, n_a) * 0.01
    return {"Wih": Wih, "Whh": Whh, "bih": np.zeros((4 * n_a, 1)), "bhh": np.zeros((4 * n_a, 1)),
            "Wya": Wya, "by": np.zeros((V, 1))}


def step(P, X, Y, a0, c0, V, lr, clip):
    """Forward, BPTT, clip and SGD on one name; returns (loss, last hidden state, last cell state)."""
    n = a0.shape[0]
    xs, a, c, gates, tanh_c, ps = [], [a0], [c0], [], [], []
    loss = 0.0
    for x_idx, y_idx in zip(X, Y):
        x = np.zeros((V, 1))
        if x_idx is not None:
            x[x_idx] = 1
        z = np.dot(P["Wih"], x) + P["bih"] + np.dot(P["Whh"], a[-1]) + P["bhh"]
        i, f, g, o = sigmoid(z[:n]), sigmoid(z[n:2 * n]), np.tanh(z[2 * n:3 * n]), sigmoid(z[3 * n:])
        c_t = f * c[-1] + i * g
        tc = np.tanh(c_t)
        a_t = o * tc
        p = softmax(np.dot(P["Wya"], a_t) + P["by"])
        loss -= np.log(p[y_idx, 0])
        xs.append(x)
        a.append(a_t)
        c.append(c_t)
        gates.append((i, f, g, o))
        tanh_c.append(tc)
        ps.append(p)
    G = {k: np.zeros_like(v) for k, v in P.items()}
    da_next = np.zeros_like(a0)
    dc_next = np.zeros_like(c0)
    for t in reversed(range(len(X))):
        i, f, g, o = gates[t]
        dy = np.copy(ps[t])
        dy[Y[t]] -= 1
        G["Wya"] += np.dot(dy, a[t + 1].T)
        G["by"] += dy
        da = np.dot(P["Wya"].T, dy) + da_next
        dzo = da * tanh_c[t] * o * (1 - o)
        dc = dc_next + da * o * (1 - tanh_c[t] ** 2)
        dzf = dc * c[t] * f * (1 - f)
        dzi = dc * g * i * (1 - i)
        dzg = dc * i * (1 - g ** 2)
        dc_next = dc * f
        dz = np.vstack((dzi, dzf, dzg, dzo))
        G["Wih"] += np.dot(dz, xs[t].T)
        G["Whh"] += np.dot(dz, a[t].T)
        G["bih"] += dz
        G["bhh"] += dz
        da_next = np.dot(P["Whh"].T, dz)
    for k in P:
        np.clip(G[k], -clip, clip, out=G[k])
        P[k] += -lr * G[k]
    return loss, a[-1], c[-1]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--time", action="store_true")
    args = ap.parse_args()
    text = open(args.dataset, encoding="utf-8").read().lower()
    chars = sorted(set(text) | {"\n"})
    ix = {ch: k for k, ch in enumerate(chars)}
    V = len(chars)
    P = init(args.hidden, V)
    examples = [line.strip() for line in text.split("\n") if line.strip()]
    np.random.seed(0)
    np.random.shuffle(examples)
    a = np.zeros((args.hidden, 1))
    c = np.zeros((args.hidden, 1))
    smoothed = -np.log(1.0 / V) * 7
    start = time.perf_counter()
    for j in range(args.iterations):
        X = [None] + [ix[ch] for ch in examples[j % len(examples)]]
        Y = X[1:] + [ix["\n"]]
        loss, a, c = step(P, X, Y, a, c, V, args.lr, 5.0)
        smoothed = smoothed * 0.999 + loss * 0.001
    elapsed = time.perf_counter() - start
    print(repr(float(smoothed)))
    if args.time:
        sys.stderr.write("%.1f iterations/s\n" % (args.iterations / elapsed))


if __name__ == "__main__":
    main()
