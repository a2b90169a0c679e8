#!/usr/bin/env python3
"""rnn-oracle adapter for a min-char-rnn-style script (styles/min_char_rnn.py): globals, Adagrad.

    npx rnn-oracle conform --stream --command "python3 min_char_rnn_adapter.py --stream"
Honest capabilities: lossFun one-hot encodes an index (xs[t][inputs[t]] = 1), so no null or dense inputs;
it returns neither the hidden states, the probabilities nor dL/dhprev, so no a, yHat, da0; Adagrad.
Its gradients come out clipped at clip_value: infinity gives the unclipped ones, the case's clip the rest.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.append(str(Path(__file__).resolve().parents[2] / "harness" / "python"))  # only in this repo
import rnn_oracle_harness as harness
from styles import min_char_rnn as mcr

NAMES = ("Wax", "Waa", "Wya", "ba", "by")  # the document's names for Wxh, Whh, Why, bh, by


def loss_and_gradients(case):
    P = case.params
    mcr.Wxh, mcr.Whh, mcr.Why, mcr.bh, mcr.by = (P[k].copy() for k in NAMES)
    mcr.vocab_size, mcr.clip_value = case.nX, np.inf
    loss, *g, _ = mcr.lossFun(case.inputs, case.targets, case.a0)
    out = {"loss": loss, "gradients": dict(zip(NAMES, g))}
    mcr.clip_value = np.inf if case.clip is None else case.clip
    if case.clip is not None:
        out["clipped"] = dict(zip(NAMES, mcr.lossFun(case.inputs, case.targets, case.a0)[1:6]))
    if case.lr is not None:  # one pass of the training loop, from a fresh (zero) Adagrad memory
        mcr.learning_rate = case.lr
        mcr.train_step(case.inputs, case.targets, case.a0, [np.zeros_like(P[k]) for k in NAMES])
        out["updated"] = dict(zip(NAMES, (mcr.Wxh, mcr.Whh, mcr.Why, mcr.bh, mcr.by)))
    return out


if __name__ == "__main__":
    harness.run(loss_and_gradients, name="min-char-rnn style (numpy)",
                capabilities={"inputs": ["index"], "outputs": ["loss", "gradients", "clipped", "updated"],
                              "update": "adagrad", "precision": "float64"})
