"""A char-RNN in the style of the classic minimal numpy script: globals, dicts per time step, Adagrad.

Written for rnn-oracle's docs (our own code, in the shape such scripts have). Module-level weights
Wxh (hidden, vocab), Whh (hidden, hidden), Why (vocab, hidden), bh (hidden, 1), by (vocab, 1) are the
document's Wax, Waa, Wya, ba, by. lossFun(inputs, targets, hprev) keeps xs, hs, ys, ps in dicts keyed by
t, with hs[-1] the state carried in, and returns the gradients already clipped; train_step is the body
of the training loop: lossFun, then Adagrad on the weights, in place.

One change from such scripts: the clip bound, usually a literal 5 inside lossFun, is the module-level
clip_value (default 5), so that a checker can set the bound its case uses.
"""
import numpy as np

hidden_size, vocab_size, learning_rate, clip_value = 100, 27, 1e-1, 5
Wxh = np.random.randn(hidden_size, vocab_size) * 0.01
Whh = np.random.randn(hidden_size, hidden_size) * 0.01
Why = np.random.randn(vocab_size, hidden_size) * 0.01
bh, by = np.zeros((hidden_size, 1)), np.zeros((vocab_size, 1))


def lossFun(inputs, targets, hprev):
    """inputs, targets: lists of indices; hprev: (hidden, 1). Loss, clipped gradients, last state."""
    xs, hs, ys, ps = {}, {}, {}, {}
    hs[-1] = np.copy(hprev)
    loss = 0
    for t in range(len(inputs)):  # forward: eqs. (1), (2), (15)
        xs[t] = np.zeros((vocab_size, 1))
        xs[t][inputs[t]] = 1
        hs[t] = np.tanh(np.dot(Wxh, xs[t]) + np.dot(Whh, hs[t - 1]) + bh)
        ys[t] = np.dot(Why, hs[t]) + by
        ps[t] = np.exp(ys[t]) / np.sum(np.exp(ys[t]))  # softmax, without the max-shift
        loss += -np.log(ps[t][targets[t], 0])
    dWxh, dWhh, dWhy = np.zeros_like(Wxh), np.zeros_like(Whh), np.zeros_like(Why)
    dbh, dby = np.zeros_like(bh), np.zeros_like(by)
    dhnext = np.zeros_like(hs[0])
    for t in reversed(range(len(inputs))):  # backward: eqs. (18)-(26)
        dy = np.copy(ps[t])
        dy[targets[t]] -= 1  # sec. 3.1: do = y_hat - y
        dWhy += np.dot(dy, hs[t].T)
        dby += dy
        dh = np.dot(Why.T, dy) + dhnext  # eq. (21)
        dhraw = (1 - hs[t] * hs[t]) * dh  # eq. (23)
        dbh += dhraw
        dWxh += np.dot(dhraw, xs[t].T)
        dWhh += np.dot(dhraw, hs[t - 1].T)
        dhnext = np.dot(Whh.T, dhraw)
    for dparam in [dWxh, dWhh, dWhy, dbh, dby]:
        np.clip(dparam, -clip_value, clip_value, out=dparam)  # against exploding gradients
    return loss, dWxh, dWhh, dWhy, dbh, dby, hs[len(inputs) - 1]


def train_step(inputs, targets, hprev, mems):
    """One pass of the training loop: lossFun, then Adagrad on [Wxh, Whh, Why, bh, by] with mems."""
    loss, dWxh, dWhh, dWhy, dbh, dby, hprev = lossFun(inputs, targets, hprev)
    for param, dparam, mem in zip([Wxh, Whh, Why, bh, by], [dWxh, dWhh, dWhy, dbh, dby], mems):
        mem += dparam * dparam
        param += -learning_rate * dparam / np.sqrt(mem + 1e-8)  # adagrad update
    return loss, hprev
