"""A char-RNN in the style of a course template: cell functions with caches, column vectors, a params dict.

Written for rnn-oracle's docs (our own code, in the shape such templates have): rnn_cell_forward /
rnn_forward keep a cache per step, rnn_cell_backward / rnn_backward walk back through them,
clip(gradients, maxValue) and update_parameters(parameters, gradients, lr) finish a training step.

Shapes: n_x inputs, n_a hidden units, n_y outputs, m examples (1 here), T_x time steps.
parameters: Wax (n_a, n_x), Waa (n_a, n_a), Wya (n_y, n_a), ba (n_a, 1), by (n_y, 1).
"""
import numpy as np


def softmax(o):
    """Eq. (5): y_hat = softmax(o), shifted by the max so that exp cannot overflow."""
    e = np.exp(o - np.max(o, axis=0, keepdims=True))
    return e / e.sum(axis=0, keepdims=True)


def log_softmax(o):
    """log softmax(o), exact where softmax underflows to 0 (a course's -log(y_hat) would be inf there)."""
    shifted = o - np.max(o, axis=0, keepdims=True)
    return shifted - np.log(np.exp(shifted).sum(axis=0, keepdims=True))


def rnn_cell_forward(xt, a_prev, parameters):
    """Eqs. (1), (2): one step. xt (n_x, m), a_prev (n_a, m) -> a_next, yt_pred, cache."""
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(Wax @ xt + Waa @ a_prev + ba)
    ot = Wya @ a_next + by
    yt_pred = softmax(ot)
    cache = (a_next, a_prev, xt, ot, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    """The forward pass over x (n_x, m, T_x) from a0 (n_a, m): a, y_pred (n, m, T_x) and the caches."""
    n_x, m, T_x = x.shape
    n_a, n_y = parameters["Waa"].shape[0], parameters["Wya"].shape[0]
    a, y_pred = np.zeros((n_a, m, T_x)), np.zeros((n_y, m, T_x))
    a_next, caches = a0, []
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t], y_pred[:, :, t] = a_next, yt_pred
        caches.append(cache)
    return a, y_pred, caches


def rnn_loss(caches, Y):
    """Eq. (15): the cross-entropy summed over time, Y[t] the index of the right character."""
    return -sum(log_softmax(cache[3])[Y[t], 0] for t, cache in enumerate(caches))


def output_backward(y_pred, a, Y, parameters):
    """Sec. 3.1, eqs. (18)-(20): do = y_hat - y at each step; dWya, dby summed; da from the outputs."""
    Wya = parameters["Wya"]
    dWya, dby = np.zeros_like(Wya), np.zeros_like(parameters["by"])
    da = np.zeros_like(a)
    for t in range(a.shape[2]):
        do = y_pred[:, :, t].copy()
        do[Y[t], 0] -= 1.0
        dWya += do @ a[:, :, t].T
        dby += do.sum(axis=1, keepdims=True)
        da[:, :, t] = Wya.T @ do
    return {"dWya": dWya, "dby": dby}, da


def rnn_cell_backward(da_next, cache):
    """Eqs. (23), (12)-(14) for one step: from dL/da_next (outputs + recurrence) to its gradients."""
    a_next, a_prev, xt, _, parameters = cache
    dtanh = (1.0 - a_next ** 2) * da_next
    return {
        "dxt": parameters["Wax"].T @ dtanh,
        "da_prev": parameters["Waa"].T @ dtanh,
        "dWax": dtanh @ xt.T,
        "dWaa": dtanh @ a_prev.T,
        "dba": dtanh.sum(axis=1, keepdims=True),
    }


def rnn_backward(da, caches):
    """Eqs. (21), (24)-(26): da (n_a, m, T_x) from the outputs -> dx, da0, dWax, dWaa, dba."""
    a1, a0, x1, _, parameters = caches[0]
    n_a, m, T_x = da.shape
    dx = np.zeros((x1.shape[0], m, T_x))
    dWax, dWaa = np.zeros_like(parameters["Wax"]), np.zeros_like(parameters["Waa"])
    dba, da_prevt = np.zeros_like(parameters["ba"]), np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        g = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dx[:, :, t], da_prevt = g["dxt"], g["da_prev"]
        dWax, dWaa, dba = dWax + g["dWax"], dWaa + g["dWaa"], dba + g["dba"]
    return {"dx": dx, "da0": da_prevt, "dWax": dWax, "dWaa": dWaa, "dba": dba}


def clip(gradients, maxValue):
    """Clip every gradient to [-maxValue, maxValue], element by element, in place."""
    for gradient in gradients.values():
        np.clip(gradient, -maxValue, maxValue, out=gradient)
    return gradients


def update_parameters(parameters, gradients, lr):
    """One SGD step: theta <- theta - lr * dtheta for Wax, Waa, Wya, ba, by."""
    for name in ("Wax", "Waa", "Wya", "ba", "by"):
        parameters[name] = parameters[name] - lr * gradients["d" + name]
    return parameters
