#!/usr/bin/env python3
"""min-char-rnn (Andrej Karpathy, 2015) written again for rnn-oracle as external truth.

Adagrad, truncated BPTT over seq_length-character chunks of one text, the hidden state carried
from chunk to chunk, gradients clipped elementwise to [-5, 5] — the loop of min-char-rnn.py,
line for line, with these changes (none changes the maths; the first two change rounding only):
  * softmax subtracts the maximum first and sums with .sum(axis=0) (the course template's form;
    min-char-rnn.py writes np.exp(y) / np.sum(np.exp(y)));
  * the text is the dataset's lines as the template reads them (lower-cased, stripped, non-blank),
    each followed by "\\n", and the vocabulary is sorted (min-char-rnn.py: list(set(data)));
  * np.random.seed(--seed) before the initialisation, which --init-out writes as an rnn-oracle
    model file so that `rnn-oracle train --init` starts from the same parameters;
  * it prints every iteration's position, loss and smoothed loss in full (repr), runs
    --iterations iterations and samples nothing.

  python3 bench/minchar_rnn.py --dataset fixtures/datasets/elements.txt --hidden 16 --chunk 25 \\
      --lr 0.1 --iterations 300 --seed 7 --init-out fixtures/minchar/init.json \\
      --params-out fixtures/minchar/final.json > fixtures/minchar/losses.txt
"""
import argparse
import json
import sys

import numpy as np


def lossFun(inputs, targets, hprev, P, vocab_size):
    """min-char-rnn's lossFun: forward, BPTT, clip to [-5, 5]; returns loss, gradients, last state."""
    Wxh, Whh, Why, bh, by = P["Wax"], P["Waa"], P["Wya"], P["ba"], P["by"]
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        e = np.exp(ys[t] - np.max(ys[t]))
        ps[t] = e / e.sum(axis=0)
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext
        dhraw = (1 - hs[t] * hs[t]) * dh
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
        np.clip(dparam, -5, 5, out=dparam)
    return loss, {"Wax": dWxh, "Waa": dWhh, "Wya": dWhy, "ba": dbh, "by": dby}, hs[len(inputs) - 1]


def model_json(P, chars, command):
    """The parameters as an rnn-oracle/model@1 file without a run (repr floats round-trip exactly)."""
    return {"format": "rnn-oracle/model@1", "generatedBy": command, "numpy": np.__version__, "vocabulary": chars,
            "params": {k: P[k].tolist() for k in ("Wax", "Waa", "Wya", "ba", "by")}}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--chunk", type=int, default=25)
    ap.add_argument("--lr", type=float, default=1e-1)
    ap.add_argument("--iterations", type=int, default=300)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--init-out")
    ap.add_argument("--params-out")
    args = ap.parse_args()
    command = " ".join(["python3", "bench/minchar_rnn.py"] + sys.argv[1:])

    text = open(args.dataset, encoding="utf-8").read().lower()
    data = "".join(line.strip() + "\n" for line in text.split("\n") if line.strip())
    chars = sorted(set(text) | {"\n"})
    vocab_size = len(chars)
    char_to_ix = {ch: i for i, ch in enumerate(chars)}
    hidden_size, seq_length, learning_rate = args.hidden, args.chunk, args.lr

    np.random.seed(args.seed)
    P = {"Wax": np.random.randn(hidden_size, vocab_size) * 0.01,
         "Waa": np.random.randn(hidden_size, hidden_size) * 0.01,
         "Wya": np.random.randn(vocab_size, hidden_size) * 0.01,
         "ba": np.zeros((hidden_size, 1)), "by": np.zeros((vocab_size, 1))}
    if args.init_out:
        with open(args.init_out, "w") as f:
            json.dump(model_json(P, chars, command), f)
            f.write("\n")

    n, p = 0, 0
    mem = {k: np.zeros_like(v) for k, v in P.items()}
    smooth_loss = -np.log(1.0 / vocab_size) * seq_length
    print("# %s (numpy %s): iteration, chunk start, loss, smoothed loss" % (command, np.__version__))
    while n < args.iterations:
        if p + seq_length + 1 >= len(data) or n == 0:
            hprev = np.zeros((hidden_size, 1))
            p = 0
        inputs = [char_to_ix[ch] for ch in data[p:p + seq_length]]
        targets = [char_to_ix[ch] for ch in data[p + 1:p + seq_length + 1]]
        loss, G, hprev = lossFun(inputs, targets, hprev, P, vocab_size)
        smooth_loss = smooth_loss * 0.999 + loss * 0.001
        print("%d %d %r %r" % (n, p, float(loss), float(smooth_loss)))
        for k in ("Wax", "Waa", "Wya", "ba", "by"):
            mem[k] += G[k] * G[k]
            P[k] += -learning_rate * G[k] / np.sqrt(mem[k] + 1e-8)
        p += seq_length
        n += 1
    if args.params_out:
        with open(args.params_out, "w") as f:
            json.dump(model_json(P, chars, command), f)
            f.write("\n")


if __name__ == "__main__":
    main()
