#!/usr/bin/env python3
"""rnn-oracle adapter for a course-template RNN (styles/course_template.py): column vectors, caches.

    npx rnn-oracle conform --stream --command "python3 course_template_adapter.py --stream"
It produces every quantity (a, yHat, all gradients with da0, clipped, SGD-updated), for every input kind.
"""
import sys
from pathlib import Path

sys.path.append(str(Path(__file__).resolve().parents[2] / "harness" / "python"))  # only in this repo
import rnn_oracle_harness as harness
from styles.course_template import clip, output_backward, rnn_backward, rnn_forward, rnn_loss, update_parameters


def loss_and_gradients(case):
    a, y_pred, caches = rnn_forward(case.x, case.a0, case.params)  # x: (n_x, 1, T_x)
    output_gradients, da = output_backward(y_pred, a, case.targets, case.params)
    gradients = {**rnn_backward(da, caches), **output_gradients}  # dWax ... dby, da0 (and dx, ignored)
    return {"loss": rnn_loss(caches, case.targets), "a": a, "yHat": y_pred, "gradients": gradients}


if __name__ == "__main__":
    harness.run(loss_and_gradients, clip=clip, update=update_parameters, name="course template (numpy)",
                capabilities={"inputs": ["null", "index", "dense"], "update": "sgd", "precision": "float64",
                              "outputs": ["loss", "a", "yHat", "gradients", "da0", "clipped", "updated"]})
