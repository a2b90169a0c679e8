#!/usr/bin/env python3
"""rnn-oracle adapter for a row-major, batch-first layer library (styles/row_major_layers.py).

    npx rnn-oracle conform --stream --command "python3 row_major_adapter.py --stream"
layout="rows": the harness hands over x (1, T, nX), h0 (1, nA), W_xh = Wax^T, W_hh = Waa^T, W_hy = Wya^T,
flat b_h, b_y, and transposes the gradients back. Every quantity, every input kind, SGD.
"""
import sys
from pathlib import Path

import numpy as np

sys.path.append(str(Path(__file__).resolve().parents[2] / "harness" / "python"))  # only in this repo
import rnn_oracle_harness as harness
from styles.row_major_layers import Dense, RNNLayer, SoftmaxCrossEntropy, clip_grads, sgd


def loss_and_gradients(case):
    P = case.params
    rnn, head, ce = RNNLayer(P["W_xh"], P["W_hh"], P["b_h"]), Dense(P["W_hy"], P["b_y"]), SoftmaxCrossEntropy()
    h = rnn.forward(case.x, case.a0)
    loss = ce.forward(head.forward(h), np.array([case.targets]))
    _, dh0 = rnn.backward(head.backward(ce.backward()))
    gradients = {**rnn.grads, "W_hy": head.grads["W"], "b_y": head.grads["b"], "a0": dh0}
    return {"loss": loss, "a": h, "yHat": ce.probs, "gradients": gradients}


if __name__ == "__main__":
    harness.run(loss_and_gradients, clip=clip_grads, update=sgd, layout="rows", name="row-major layers (numpy)",
                capabilities={"inputs": ["null", "index", "dense"], "update": "sgd", "precision": "float64",
                              "outputs": ["loss", "a", "yHat", "gradients", "da0", "clipped", "updated"]})
