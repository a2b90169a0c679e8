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


def load(model, P):
    """The case's parameters into nn.RNN and nn.Linear (layout "column": their orientation)."""
    r, head = model.rnn, model.head
    with torch.no_grad():
        for w, v in ((r.weight_ih_l0, P["Wax"]), (r.weight_hh_l0, P["Waa"]), (r.bias_ih_l0, P["ba"].ravel()),
                     (r.bias_hh_l0, 0 * P["ba"].ravel()), (head.weight, P["Wya"]), (head.bias, P["by"].ravel())):
            w.copy_(torch.from_numpy(v))
    r.bias_hh_l0.requires_grad_(False)


def grads(model):
    r, head = model.rnn, model.head
    return {"Wax": r.weight_ih_l0.grad, "Waa": r.weight_hh_l0.grad, "ba": r.bias_ih_l0.grad,
            "Wya": head.weight.grad, "by": head.bias.grad}


def loss_and_gradients(case):
    model = CharRNN(case.nX, case.nA, case.nY)
    load(model, case.params)
    x, targets = torch.from_numpy(case.x).permute(1, 2, 0), torch.tensor([case.targets])  # (nX, 1, T) -> (1, T, nX)
    h0 = torch.from_numpy(case.a0.T.copy()).requires_grad_()
    logits, h = model(x, h0)
    loss = loss_fn(logits, targets)
    loss.backward()
    out = {"loss": loss, "a": h[0].T, "yHat": torch.softmax(logits, -1)[0].T,
           "gradients": {**{k: g.clone() for k, g in grads(model).items()}, "a0": h0.grad.T}}
    if case.clip is not None or case.lr is not None:  # the training step as written: clip, then SGD
        train_step(model, torch.optim.SGD(model.parameters(), lr=case.lr or 0.0), x, targets, h0.detach(), case.clip)
    if case.clip is not None:  # clip_grad_value_ clips the parameters' gradients: no clipped da0
        out["clipped"] = grads(model)
    if case.lr is not None:
        r = model.rnn
        out["updated"] = {"Wax": r.weight_ih_l0, "Waa": r.weight_hh_l0, "ba": r.bias_ih_l0 + r.bias_hh_l0,
                          "Wya": model.head.weight, "by": model.head.bias}
    return out


if __name__ == "__main__":
    torch.set_default_dtype(torch.float64)
    harness.run(loss_and_gradients, name="PyTorch nn.RNN + nn.Linear (float64)",
                capabilities={"inputs": ["null", "index", "dense"], "update": "sgd", "precision": "float64",
                              "outputs": ["loss", "a", "yHat", "gradients", "da0", "clipped", "updated"]})
