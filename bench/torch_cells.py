#!/usr/bin/env python3
"""PyTorch CPU loops doing rnn-oracle's per-name training (npm run bench:cells), for the speed benchmark.

The course template's loop with torch.nn.RNN / LSTM / GRU and a Linear output layer, in float64 on one
thread: one name per iteration, loss = sum of cross-entropies, the state carried (detached) from one
name to the next, clip_grad_value_(5), SGD lr 0.01. It starts from the numbers rnn-oracle's engines
start from (numpy's seed(1), randn * 0.01 in the reference's order, biases 0) and trains the same
parameters, so its final smoothed loss must equal theirs up to rounding:
  rnn  — weight_ih = Wax, weight_hh = Waa, bias_ih = ba; bias_hh stays 0 (the template has one bias)
  lstm — the split convention (L10) is nn.LSTM's own: weight_ih = Wih, weight_hh = Whh, both biases
  gru  — nn.GRU's gates r, z, n are our r, u, candidate with reset after the product (G4) and the
         gate keeping the old state (G5); bias_hh's r and z blocks stay 0 (the reference has br, bu
         and bhn only), masked by a gradient hook.

  /usr/bin/python3 bench/torch_cells.py --cell lstm --dataset fixtures/datasets/elements.txt --hidden 100 --iterations 2000
prints the final smoothed loss (repr) on stdout and iterations/s on stderr.
"""
import argparse
import sys
import time

import numpy as np
import torch
import torch.nn.functional as F

torch.set_default_dtype(torch.float64)
torch.set_num_threads(1)


def build(cell, n_a, V):
    """The recurrent module, the output layer and the parameters SGD updates, initialised as rnn-oracle."""
    np.random.seed(1)
    randn = lambda r, c: torch.from_numpy(np.random.randn(r, c) * 0.01)
    module = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[cell](V, n_a)
    out = torch.nn.Linear(n_a, V)
    with torch.no_grad():
        for b in (module.bias_ih_l0, module.bias_hh_l0, out.bias):
            b.zero_()
        if cell == "rnn":  # Wax, Waa, Wya
            module.weight_ih_l0.copy_(randn(n_a, V))
            module.weight_hh_l0.copy_(randn(n_a, n_a))
        elif cell == "lstm":  # Wih, Whh, Wya
            module.weight_ih_l0.copy_(randn(4 * n_a, V))
            module.weight_hh_l0.copy_(randn(4 * n_a, n_a))
        else:  # Wrx, Wra, Wux, Wua, Wax, Waa, Wya
            w = [randn(n_a, V) if k % 2 == 0 else randn(n_a, n_a) for k in range(6)]
            module.weight_ih_l0.copy_(torch.cat(w[0::2]))
            module.weight_hh_l0.copy_(torch.cat(w[1::2]))
        out.weight.copy_(randn(V, n_a))
    params = [module.weight_ih_l0, module.weight_hh_l0, module.bias_ih_l0, out.weight, out.bias]
    if cell == "lstm":
        params.append(module.bias_hh_l0)
    elif cell == "gru":
        mask = torch.cat([torch.zeros(2 * n_a), torch.ones(n_a)])
        module.bias_hh_l0.register_hook(lambda g: g * mask)
        params.append(module.bias_hh_l0)
    else:
        module.bias_hh_l0.requires_grad_(False)
    return module, out, params


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cell", choices=["rnn", "lstm", "gru"], required=True)
    ap.add_argument("--dataset", required=True)
    ap.add_argument("--hidden", type=int, default=100)
    ap.add_argument("--iterations", type=int, default=2000)
    ap.add_argument("--lr", type=float, default=0.01)
    args = ap.parse_args()
    text = open(args.dataset, encoding="utf-8").read().lower()
    chars = sorted(set(text) | {"\n"})
    ix = {ch: k for k, ch in enumerate(chars)}
    V = len(chars)
    module, out, params = build(args.cell, args.hidden, V)
    opt = torch.optim.SGD(params, lr=args.lr)
    examples = [line.strip() for line in text.split("\n") if line.strip()]
    np.random.seed(0)
    np.random.shuffle(examples)
    zero = torch.zeros(1, 1, args.hidden)
    state = (zero, zero) if args.cell == "lstm" else zero
    smoothed = -np.log(1.0 / V) * 7
    start = time.perf_counter()
    for j in range(args.iterations):
        X = [None] + [ix[ch] for ch in examples[j % len(examples)]]
        Y = X[1:] + [ix["\n"]]
        x = torch.zeros(len(X), 1, V)
        for t, k in enumerate(X):
            if k is not None:
                x[t, 0, k] = 1
        a, state = module(x, state)
        loss = F.cross_entropy(out(a[:, 0, :]), torch.tensor(Y), reduction="sum")
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_value_(params, 5.0)
        opt.step()
        state = tuple(s.detach() for s in state) if args.cell == "lstm" else state.detach()
        smoothed = smoothed * 0.999 + loss.item() * 0.001
    elapsed = time.perf_counter() - start
    print(repr(float(smoothed)))
    sys.stderr.write("%.1f iterations/s\n" % (args.iterations / elapsed))


if __name__ == "__main__":
    main()
