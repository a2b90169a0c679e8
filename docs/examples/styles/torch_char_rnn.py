"""A char-RNN in PyTorch: nn.RNN (tanh, batch-first) + nn.Linear + cross-entropy summed over time.

Written for rnn-oracle's docs. nn.RNN keeps the document's orientation for its weights
(weight_ih_l0 = Wax (H, D), weight_hh_l0 = Waa (H, H)) but has two biases, bias_ih_l0 and bias_hh_l0:
their sum plays the document's ba. The head's weight is Wya (V, H) and its bias by.

Shapes: B batch, T time steps, D inputs, H hidden units, V outputs.
"""
import torch
import torch.nn.functional as F
from torch import nn


class CharRNN(nn.Module):
    def __init__(self, D, H, V, dtype=torch.float64):
        super().__init__()
        self.rnn = nn.RNN(D, H, nonlinearity="tanh", batch_first=True, dtype=dtype)
        self.head = nn.Linear(H, V, dtype=dtype)

    def forward(self, x, h0):
        """x (B, T, D), h0 (B, H) -> logits (B, T, V), hidden states (B, T, H): eqs. (1), (6)."""
        h, _ = self.rnn(x, h0.unsqueeze(0))
        return self.head(h), h


def loss_fn(logits, targets):
    """Eq. (15): the cross-entropy of softmax(logits) summed over every step (reduction='sum')."""
    return F.cross_entropy(logits.reshape(-1, logits.shape[-1]), targets.reshape(-1), reduction="sum")


def train_step(model, optimizer, x, targets, h0, clip=None):
    """Forward, backward, optional clip_grad_value_, one optimizer step. Returns the loss."""
    optimizer.zero_grad()
    logits, _ = model(x, h0)
    loss = loss_fn(logits, targets)
    loss.backward()
    if clip is not None:
        nn.utils.clip_grad_value_(model.parameters(), clip)
    optimizer.step()
    return loss.item()
