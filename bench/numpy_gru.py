#!/usr/bin/env python3
"""A straightforward numpy GRU trained per name, the course template's way (bench/numpy_template.py).

Written for rnn-oracle's speed benchmark (npm run bench:cells), independently of the TypeScript:
PyTorch's convention of docs/gru.md — the reset gate after the recurrent product (G4) with its own
bias bhn, a = u * a_prev + (1 - u) * candidate (G5) — with the vanilla output layer, loss = sum of
cross-entropies, the hidden state carried from one name to the next, every gradient clipped to
[-5, 5], SGD. Initialisation: numpy's seed(1), then Wrx, Wra, Wux, Wua, Wax, Waa, Wya =
randn(...) * 0.01 in that order, biases 0 (as rnn-oracle's gruInit).

  python3 bench/numpy_gru.py --dataset fixtures/datasets/elements.txt --hidden 100 --iterations 2000 --time
prints the final smoothed loss (repr) on stdout and, with --time, iterations/s on stderr.
"""
import argparse
import sys
import time

import numpy as np

WEIGHTS = ("Wrx", "Wra", "Wux", "Wua", "Wax", "Waa", "Wya")


def sigmoid(z):
    return 1 / (1 + np.exp(-z))


def softmax(o):
    e = np.exp(o - np.max(o))
    return e / e.sum(axis=0)


def init(n_a, V):
    np.random.seed(1)
    shapes = {"Wrx": (n_a, V), "Wra": (n_a, n_a), "Wux": (n_a, V), "Wua": (n_a, n_a),
              "Wax": (n_a, V), "Waa": (n_a, n_a), "Wya": (V, n_a)}
    P = {k: np.random.randn(*shapes[k]) * 0.01 for k in WEIGHTS}
    for b, rows in (("br", n_a), ("bu", n_a), ("ba", n_a), ("bhn", n_a), ("by", V)):
        P[b] = np.zeros((rows, 1))
    return P


def step(P, X, Y, a0, V, lr, clip):
    """Forward, BPTT, clip and SGD on one name; returns (loss, last hidden state)."""
    xs, a, cache, ps = [], [a0], [], []
    loss = 0.0
    for x_idx, y_idx in zip(X, Y):
        x = np.zeros((V, 1))
        if x_idx is not None:
            x[x_idx] = 1
        r = sigmoid(np.dot(P["Wrx"], x) + np.dot(P["Wra"], a[-1]) + P["br"])
        u = sigmoid(np.dot(P["Wux"], x) + np.dot(P["Wua"], a[-1]) + P["bu"])
        n = np.dot(P["Waa"], a[-1]) + P["bhn"]
        h = np.tanh(np.dot(P["Wax"], x) + P["ba"] + r * n)
        a_t = u * a[-1] + (1 - u) * h
        p = softmax(np.dot(P["Wya"], a_t) + P["by"])
        loss -= np.log(p[y_idx, 0])
        xs.append(x)
        a.append(a_t)
        cache.append((r, u, n, h))
        ps.append(p)
    G = {k: np.zeros_like(v) for k, v in P.items()}
    da_next = np.zeros_like(a0)
    for t in reversed(range(len(X))):
        r, u, n, h = cache[t]
        a_prev = a[t]
        dy = np.copy(ps[t])
        dy[Y[t]] -= 1
        G["Wya"] += np.dot(dy, a[t + 1].T)
        G["by"] += dy
        da = np.dot(P["Wya"].T, dy) + da_next
        dh = da * (1 - u)
        dzu = da * (a_prev - h) * u * (1 - u)
        dzh = dh * (1 - h ** 2)
        dn = dzh * r
        dzr = dzh * n * r * (1 - r)
        G["Wax"] += np.dot(dzh, xs[t].T)
        G["ba"] += dzh
        G["Waa"] += np.dot(dn, a_prev.T)
        G["bhn"] += dn
        G["Wrx"] += np.dot(dzr, xs[t].T)
        G["Wra"] += np.dot(dzr, a_prev.T)
        G["br"] += dzr
        G["Wux"] += np.dot(dzu, xs[t].T)
        G["Wua"] += np.dot(dzu, a_prev.T)
        G["bu"] += dzu
        da_next = da * u + np.dot(P["Waa"].T, dn) + np.dot(P["Wra"].T, dzr) + np.dot(P["Wua"].T, dzu)
    for k in P:
        np.clip(G[k], -clip, clip, out=G[k])
        P[k] += -lr * G[k]
    return loss, a[-1]


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
    smoothed = -np.log(1.0 / V) * 7
    start = time.perf_counter()
    for j in range(args.iterations):
        X = [None] + [ix[ch] for ch in examples[j % len(examples)]]
        Y = X[1:] + [ix["\n"]]
        loss, a = step(P, X, Y, a, V, args.lr, 5.0)
        smoothed = smoothed * 0.999 + loss * 0.001
    elapsed = time.perf_counter() - start
    print(repr(float(smoothed)))
    if args.time:
        sys.stderr.write("%.1f iterations/s\n" % (args.iterations / elapsed))


if __name__ == "__main__":
    main()
