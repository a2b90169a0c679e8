#!/usr/bin/env python3
"""An independent numpy implementation of the course template's training loop.

Written for rnn-oracle as external truth (not run by the tests): it trains a character RNN on a
dataset the way the course's numpy template does and prints the same log. Its output for
elements with nA = 50 and nA = 100 through iteration 4000 is kept in fixtures/numpy/ and the
TypeScript training must print exactly the same text.

  python3 bench/numpy_template.py --dataset fixtures/datasets/elements.txt --hidden 50 --iterations 4001
  python3 bench/numpy_template.py ... --time      # print iterations/s on stderr (used by npm run bench)
  python3 bench/numpy_template.py ... --params-out FILE   # also write the final parameters (JSON)
"""
import argparse
import json
import sys
import time

import numpy as np


def softmax(o):
    e = np.exp(o - np.max(o))
    return e / e.sum(axis=0)


def init(n_a, n_x, n_y):
    np.random.seed(1)
    Wax = np.random.randn(n_a, n_x) * 0.01
    Waa = np.random.randn(n_a, n_a) * 0.01
    Wya = np.random.randn(n_y, n_a) * 0.01
    return {"Wax": Wax, "Waa": Waa, "Wya": Wya, "b": np.zeros((n_a, 1)), "by": np.zeros((n_y, 1))}


def step(P, X, Y, a0, vocab, lr, clip):
    """One forward pass, BPTT, clipping and SGD update; returns (loss, last hidden state)."""
    xs, hs, ps = [], [a0], []
    loss = 0.0
    for x_idx, y_idx in zip(X, Y):
        x = np.zeros((vocab, 1))
        if x_idx is not None:
            x[x_idx] = 1
        h = np.tanh(np.dot(P["Wax"], x) + np.dot(P["Waa"], hs[-1]) + P["b"])
        p = softmax(np.dot(P["Wya"], h) + P["by"])
        loss -= np.log(p[y_idx, 0])
        xs.append(x)
        hs.append(h)
        ps.append(p)
    G = {k: np.zeros_like(v) for k, v in P.items()}
    carry = np.zeros_like(a0)
    for t in reversed(range(len(X))):
        dy = np.copy(ps[t])
        dy[Y[t]] -= 1
        G["Wya"] += np.dot(dy, hs[t + 1].T)
        G["by"] += dy
        dh = np.dot(P["Wya"].T, dy) + carry
        dz = (1 - hs[t + 1] * hs[t + 1]) * dh
        G["b"] += dz
        G["Wax"] += np.dot(dz, xs[t].T)
        G["Waa"] += np.dot(dz, hs[t].T)
        carry = np.dot(P["Waa"].T, dz)
    for k in ("Wax", "Waa", "Wya", "b", "by"):
        np.clip(G[k], -clip, clip, out=G[k])
        P[k] += -lr * G[k]
    return loss, hs[-1]


def sample(P, vocab, newline, seed):
    x = np.zeros((vocab, 1))
    h = np.zeros((P["Waa"].shape[0], 1))
    out = []
    for k in range(50):
        h = np.tanh(np.dot(P["Wax"], x) + np.dot(P["Waa"], h) + P["b"])
        p = softmax(np.dot(P["Wya"], h) + P["by"])
        np.random.seed(seed + 2 * k)
        idx = np.random.choice(list(range(vocab)), p=p.ravel())
        out.append(idx)
        if idx == newline:
            return out
        x = np.zeros((vocab, 1))
        x[idx] = 1
    out.append(newline)
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--hidden", type=int, default=50)
    ap.add_argument("--iterations", type=int, default=4001)
    ap.add_argument("--lr", type=float, default=0.01)
    ap.add_argument("--every", type=int, default=2000)
    ap.add_argument("--time", action="store_true")
    ap.add_argument("--params-out", help="write the final parameters here as JSON rows (repr floats: exact)")
    args = ap.parse_args()
    text = open(args.dataset, encoding="utf-8").read().lower()
    chars = sorted(set(text) | {"\n"})
    ix = {c: i for i, c in enumerate(chars)}
    V = len(chars)
    P = init(args.hidden, V, V)
    examples = [line.strip() for line in text.split("\n") if line.strip()]
    np.random.seed(0)
    np.random.shuffle(examples)
    a = np.zeros((args.hidden, 1))
    smoothed = -np.log(1.0 / V) * 7
    start = time.perf_counter()
    for j in range(args.iterations):
        ex = examples[j % len(examples)]
        X = [None] + [ix[c] for c in ex]
        Y = X[1:] + [ix["\n"]]
        loss, a = step(P, X, Y, a, V, args.lr, 5.0)
        smoothed = smoothed * 0.999 + loss * 0.001
        if j % args.every == 0 and not args.time:
            names = []
            for s in range(7):
                t = "".join(chars[i] for i in sample(P, V, ix["\n"], s))
                names.append(t[0].upper() + t[1:])
            sys.stdout.write("Iteration: %d, Loss: %f\n\n%s\n\n" % (j, smoothed, "".join(names)))
    if args.params_out:
        with open(args.params_out, "w") as f:
            rows = {k: P[k].tolist() for k in ("Wax", "Waa", "Wya", "b", "by")}
            json.dump({"command": " ".join(["python3", "bench/numpy_template.py"] + sys.argv[1:]), "numpy": np.__version__,
                       "iterations": args.iterations, "hidden": args.hidden, "params": rows}, f)
            f.write("\n")
    if args.time:
        elapsed = time.perf_counter() - start
        sys.stderr.write("%.1f iterations/s\n" % (args.iterations / elapsed))


if __name__ == "__main__":
    main()
