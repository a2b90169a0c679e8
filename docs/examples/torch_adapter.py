#!/usr/bin/env python3
"""rnn-oracle adapter for a PyTorch char-RNN (styles/torch_char_rnn.py), in float64.

    npx rnn-oracle conform --stream --command "/usr/bin/python3 torch_adapter.py --stream"
nn.RNN has two biases: ba goes into bias_ih_l0 and bias_hh_l0 stays 0, frozen. Training both would move
their sum by 2·lr·dba per SGD step, another model than the document's, and `updated ba` would disagree.
"""
import sys
from pathlib import Path

import torch

sys.path.append(str(Path(__file__).resolve().parents[2] / "harness" / "python"))  # only in this repo
import rnn_oracle_harness as harness
from styles.torch_char_rnn import CharRNN, loss_fn, train_step

T64 = lambda v: torch.tensor(v, dtype=torch.float64)  # noqa: E731


def loss_and_gradients(case):
    P, model = case.params, CharRNN(case.nX, case.nA, case.nY)
    with torch.no_grad():  # layout "column": Wax, Waa, Wya have nn.RNN's and nn.Linear's orientation
        for w, v in ((model.rnn.weight_ih_l0, P["Wax"]), (model.rnn.weight_hh_l0, P["Waa"]), (model.rnn.bias_ih_l0, P["ba"].ravel()),
                     (model.rnn.bias_hh_l0, 0.0 * P["ba"].ravel()), (model.head.weight, P["Wya"]), (model.head.bias, P["by"].ravel())):
            w.copy_(T64(v))
    model.rnn.bias_hh_l0.requires_grad_(False)
    x, h0, targets = T64(case.x).permute(1, 2, 0), T64(case.a0.T).requires_grad_(), torch.tensor([case.targets])
    logits, h = model(x, h0)  # x: (nX, 1, T) -> (1, T, nX)
    loss_fn(logits, targets).backward()
    r, head = model.rnn, model.head
    grads = lambda: {"Wax": r.weight_ih_l0.grad, "Waa": r.weight_hh_l0.grad, "ba": r.bias_ih_l0.grad,  # noqa: E731
                     "Wya": head.weight.grad, "by": head.bias.grad}
    out = {"loss": loss_fn(logits, targets), "a": h[0].T, "yHat": torch.softmax(logits, -1)[0].T,
           "gradients": {**{k: g.clone() for k, g in grads().items()}, "a0": h0.grad.T}}
    if case.clip is not None or case.lr is not None:  # the training step as written: clip, then SGD
        train_step(model, torch.optim.SGD(model.parameters(), lr=case.lr or 0.0), x, targets, h0.detach(), case.clip)
    if case.clip is not None:  # clip_grad_value_ clips the parameters' gradients: no clipped da0
        out["clipped"] = grads()
    if case.lr is not None:
        out["updated"] = {"Wax": r.weight_ih_l0, "Waa": r.weight_hh_l0, "ba": r.bias_ih_l0 + r.bias_hh_l0, "Wya": head.weight, "by": head.bias}
    return out


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    harness.run(loss_and_gradients, name="PyTorch nn.RNN + nn.Linear (float64)",
                capabilities={"inputs": ["null", "index", "dense"], "update": "sgd", "precision": "float64",
                              "outputs": ["loss", "a", "yHat", "gradients", "da0", "clipped", "updated"]})
