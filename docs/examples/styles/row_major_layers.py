"""A char-RNN as a small row-major, batch-first layer library: layer objects with forward and backward.

Written for rnn-oracle's docs (our own code, in the shape such libraries have). Rows are examples:
x (B, T, n_in); a layer stores its weights (n_in, n_out) and computes x @ W + b, so W_xh, W_hh, W_hy
are the transposes of the document's Wax, Waa, Wya, and the biases are flat (n_out,).

Shapes: B batch, T time steps, D inputs, H hidden units, V outputs.
"""
import numpy as np


class RNNLayer:
    """h_t = tanh(x_t @ W_xh + h_{t-1} @ W_hh + b_h): eq. (1), transposed to rows."""

    def __init__(self, W_xh, W_hh, b_h):
        self.params = {"W_xh": W_xh, "W_hh": W_hh, "b_h": b_h}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x, h0):
        """x (B, T, D), h0 (B, H) -> h (B, T, H); keeps what backward needs."""
        p = self.params
        B, T, _ = x.shape
        h = np.zeros((B, T, p["W_hh"].shape[0]))
        h_prev = h0
        for t in range(T):
            h_prev = h[:, t, :] = np.tanh(x[:, t, :] @ p["W_xh"] + h_prev @ p["W_hh"] + p["b_h"])
        self.x, self.h0, self.h = x, h0, h
        return h

    def backward(self, dh):
        """dh (B, T, H), the loss's gradient w.r.t. each h_t from above -> dx, dh0; grads accumulated."""
        p, g = self.params, self.grads
        dx, dh_next = np.zeros_like(self.x), np.zeros_like(self.h0)
        for t in reversed(range(self.x.shape[1])):
            h_prev = self.h[:, t - 1, :] if t > 0 else self.h0
            dz = (dh[:, t, :] + dh_next) * (1.0 - self.h[:, t, :] ** 2)  # eqs. (21), (23)
            g["W_xh"] += self.x[:, t, :].T @ dz  # eq. (25), transposed
            g["W_hh"] += h_prev.T @ dz  # eq. (24), transposed
            g["b_h"] += dz.sum(axis=0)  # eq. (26)
            dx[:, t, :] = dz @ p["W_xh"].T
            dh_next = dz @ p["W_hh"].T
        return dx, dh_next


class Dense:
    """y = x @ W + b over the last axis: eq. (6), transposed to rows."""

    def __init__(self, W, b):
        self.params = {"W": W, "b": b}
        self.grads = {k: np.zeros_like(v) for k, v in self.params.items()}

    def forward(self, x):
        """Eq. (6) for every row and step: o = x @ W + b."""
        self.x = x
        return x @ self.params["W"] + self.params["b"]

    def backward(self, dy):
        """Eqs. (18)-(20): dW = sum of x^T dy, db = sum of dy, dx = dy W^T."""
        self.grads["W"] += np.einsum("bti,btj->ij", self.x, dy)
        self.grads["b"] += dy.sum(axis=(0, 1))
        return dy @ self.params["W"].T


class SoftmaxCrossEntropy:
    """Eqs. (5), (15): summed cross-entropy of softmax(logits) against integer targets (B, T)."""

    def forward(self, logits, targets):
        shifted = logits - logits.max(axis=-1, keepdims=True)
        log_p = shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))
        self.probs, self.targets = np.exp(log_p), targets
        return -np.take_along_axis(log_p, targets[..., None], axis=-1).sum()

    def backward(self):
        """Sec. 3.1: dlogits = softmax - one_hot(targets)."""
        d = self.probs.copy()
        B, T = self.targets.shape
        d[np.arange(B)[:, None], np.arange(T)[None, :], self.targets] -= 1.0
        return d


def clip_grads(grads, max_value):
    """Elementwise clipping of every gradient to [-max_value, max_value] (new arrays)."""
    return {k: np.clip(v, -max_value, max_value) for k, v in grads.items()}


def sgd(params, grads, lr):
    """One SGD step in place: p -= lr * g."""
    for k in params:
        params[k] -= lr * grads[k]
