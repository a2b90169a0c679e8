"""rnn_oracle_harness: check your own char-RNN against rnn-oracle (standard library + numpy, Python >= 3.8).

Put this file next to your code (`npx rnn-oracle harness python > rnn_oracle_harness.py`) and write an
adapter: one function that runs your forward and backward pass on a case, optionally your clip and your
update. Then `npx rnn-oracle conform --stream --command "python3 my_adapter.py --stream"`.

    import rnn_oracle_harness as harness
    from my_rnn import rnn_forward, rnn_backward, clip, update_parameters

    def loss_and_gradients(case):              # case.params: Wax, Waa, Wya, ba, by (layout "column")
        loss, cache = rnn_forward(case.xs, case.targets, case.a0, case.params)
        gradients = rnn_backward(case.xs, case.targets, case.params, cache)   # keys dWax or Wax, ...
        return {"loss": loss, "gradients": gradients}      # optional: "a", "yHat", "clipped", "updated"

    harness.run(loss_and_gradients, clip=clip, update=update_parameters, name="my rnn",
                capabilities={"outputs": ["loss", "gradients", "clipped", "updated"]})

The case your function receives (class Case), by layout:
  layout="column" (the document's): params Wax (nA, nX), Waa (nA, nA), Wya (nY, nA), ba (nA, 1), by (nY, 1);
      a0 (nA, 1); xs = T column vectors (nX, 1) (null -> zeros, index -> one-hot, dense as given);
      x (nX, 1, T), the course's (n_x, m, T_x) with m = 1.
  layout="rows" (a row-major, batch-first layer library computing h = tanh(x @ W_xh + h_prev @ W_hh + b_h),
      logits = h @ W_hy + b_y): params W_xh = Wax^T (nX, nA), W_hh = Waa^T (nA, nA), W_hy = Wya^T (nA, nY),
      b_h (nA,), b_y (nY,); a0 (1, nA); xs = T rows (1, nX); x (1, T, nX) (batch of one).
  Both: inputs (as in the case: None, an index or a list), targets (indices), clip and lr (None when
  absent), nA, nX, nY, T, id, raw (the case document).
What your function returns: "loss" (a number); optional "a" and "yHat" (T vectors: a list, a dict keyed
by t = 0..T-1, or an array (n, T) / (n, 1, T) in layout "column", (T, n) / (1, T, n) in "rows");
"gradients", "clipped", "updated": dicts keyed by the layout's parameter names, with or without a
leading "d" (dWax or Wax, dW_xh or W_xh), plus "a0"/"da0" for dL/da0; other keys (dx, ...) are ignored.
clip(gradients, clip) is called when the case has clip and the result has no "clipped"; update(params,
gradients, lr) when it has lr and no "updated" (on copies; returning None means "updated params in
place"); without update, capabilities get "update": "none". print() in your code goes to stderr.
capabilities (all optional): inputs ["null", "index", "dense"], outputs ["loss", "a", "yHat", "gradients",
"da0", "clipped", "updated"], update "sgd" | "adagrad" | "none", lossReduction "sum" | "mean", precision
"float64" | "float32". Declare what your code does: the oracle reports the rest SKIPPED, never agreeing.
Gated and stacked cells (rnn-oracle/case@2, `conform --cells`): the case also has cell ("rnn", "lstm",
"gru"), layers and variant (LSTM "course" | "split"; GRU {"reset": ..., "blend": ...}), layout "column"
only. params holds the cell's own matrices by the case's names (Wf ... bo, Wih ... bhh; Wrx ... bhn; for
layers > 1 params["layers"] = [{Wax, Waa, ba}, ...]) with vectors as (n, 1); a0 (nA, 1) or, stacked, a
list of one per layer; c0 (nA, 1) for the LSTM. Return gradients keyed the same way ("d" prefix
optional), with "a0"/"c0" (stacked: a list) for the initial states; capabilities may add "cells" and
"variants". The result is a result@2 that echoes cell, layers and variant.
Modes: one case on stdin, one result on stdout (default); JSON lines after a hello line when "--stream"
is on the command line or RNN_ORACLE_STREAM=1; "--capabilities" prints the capabilities JSON and exits.
"""
import contextlib
import copy
import json
import math
import os
import sys
import traceback

import numpy as np

HELLO_FORMAT = "rnn-oracle/hello@1"
RESULT_FORMAT = "rnn-oracle/result@1"
CASE_FORMAT_2, RESULT_FORMAT_2 = "rnn-oracle/case@2", "rnn-oracle/result@2"
LAYOUTS = ("column", "rows")
# The document's names, and a row-major layer's names for the same parameters (stored transposed).
DOC_NAMES = ("Wax", "Waa", "Wya", "ba", "by")
ROW_NAMES = ("W_xh", "W_hh", "W_hy", "b_h", "b_y")


class HarnessError(Exception):
    """What the user's code gave back cannot be turned into a result (a shape, a missing key)."""


class Case:
    """One rnn-oracle/case@1 document as numpy arrays in the requested layout (see the module doc)."""

    def __init__(self, doc, layout="column"):
        if layout not in LAYOUTS:
            raise HarnessError("layout must be 'column' or 'rows', got %r" % (layout,))
        self.cell, self.layers, self.variant = doc.get("cell", "rnn"), doc.get("layers", 1), doc.get("variant")
        if self.cell != "rnn" or self.layers > 1:
            return self._init_cell(doc, layout)
        P = doc["params"]
        Wax, Waa, Wya = (np.array(P[k], dtype=np.float64) for k in ("Wax", "Waa", "Wya"))
        ba, by = (np.array(P[k], dtype=np.float64).reshape(-1, 1) for k in ("ba", "by"))
        self.raw, self.layout, self.id = doc, layout, doc.get("id")
        self.nA, self.nX = Wax.shape
        self.nY = Wya.shape[0]
        self.inputs, self.targets = list(doc["inputs"]), [int(k) for k in doc["targets"]]
        self.T = len(self.inputs)
        self.clip, self.lr = doc.get("clip"), doc.get("lr")
        a0 = np.array(doc["a0"], dtype=np.float64).reshape(-1, 1) if "a0" in doc else np.zeros((self.nA, 1))
        cols = [self._column(x) for x in self.inputs]
        if layout == "column":
            self.params = {"Wax": Wax, "Waa": Waa, "Wya": Wya, "ba": ba, "by": by}
            self.a0, self.xs = a0, cols
            self.x = np.stack(cols, axis=-1) if cols else np.zeros((self.nX, 1, 0))
        else:
            self.params = {"W_xh": Wax.T.copy(), "W_hh": Waa.T.copy(), "W_hy": Wya.T.copy(),
                           "b_h": ba.ravel(), "b_y": by.ravel()}
            self.a0, self.xs = a0.T.copy(), [c.T.copy() for c in cols]
            self.x = np.stack([c.ravel() for c in cols])[None, :, :] if cols else np.zeros((1, 0, self.nX))

    def _init_cell(self, doc, layout):
        """A case@2 of a gated or stacked cell: params by the case's names, vectors (n, 1), column layout."""
        if layout != "column":
            raise HarnessError("layout %r is for the vanilla cell; a %s case is read in layout 'column'" % (layout, self.cell))
        col = lambda v: np.array(v, dtype=np.float64).reshape(-1, 1)
        mat = lambda v: col(v) if np.ndim(v) == 1 else np.array(v, dtype=np.float64)
        P = doc["params"]
        self.params = {k: ([{n: mat(m) for n, m in layer.items()} for layer in v] if k == "layers" else mat(v)) for k, v in P.items()}
        self.raw, self.layout, self.id = doc, layout, doc.get("id")
        self.nY = self.params["Wya"].shape[0]
        first = self.params["layers"][0] if self.layers > 1 else self.params
        self.nX = first["Wax"].shape[1] if "Wax" in first else (first["Wih"].shape[1] if "Wih" in first else first["Wf"].shape[1] - first["bf"].shape[0])
        self.nA = self.params["Wya"].shape[1]
        self.inputs, self.targets = list(doc["inputs"]), [int(k) for k in doc["targets"]]
        self.T = len(self.inputs)
        self.clip, self.lr = doc.get("clip"), doc.get("lr")
        if self.layers > 1:
            sizes = [layer["ba"].shape[0] for layer in self.params["layers"]]
            self.a0 = [col(v) for v in doc["a0"]] if "a0" in doc else [np.zeros((n, 1)) for n in sizes]
        else:
            self.a0 = col(doc["a0"]) if "a0" in doc else np.zeros((self.nA, 1))
        if self.cell == "lstm":
            self.c0 = col(doc["c0"]) if "c0" in doc else np.zeros((self.nA, 1))
        self.xs = [self._column(x) for x in self.inputs]
        self.x = np.stack(self.xs, axis=-1)

    def _column(self, x):
        """The input x<t> as an nX x 1 column: null the zero vector, an index one-hot, a list as given."""
        if x is None:
            return np.zeros((self.nX, 1))
        if isinstance(x, int):
            v = np.zeros((self.nX, 1))
            v[x, 0] = 1.0
            return v
        return np.array(x, dtype=np.float64).reshape(-1, 1)


def _encode(v):
    """JSON has no NaN or infinities: rnn-oracle writes them as strings."""
    v = float(v)
    if math.isnan(v):
        return "NaN"
    return v if math.isfinite(v) else ("Infinity" if v > 0 else "-Infinity")


def _array(v, what):
    try:
        if hasattr(v, "detach"):  # a torch tensor
            v = v.detach().cpu().numpy()
        return np.asarray(v, dtype=np.float64)
    except Exception as e:
        raise HarnessError("%s: not an array of numbers (%s)" % (what, e))


def _per_step(v, n, T, layout, what):
    """T vectors of n numbers, from a list, a dict keyed by t (min-char-rnn's hs, ps) or an array."""
    if isinstance(v, dict):
        v = [v[t] for t in range(T)]  # hs[-1], the state carried in, is not one of a<1>..a<T>
    if isinstance(v, (list, tuple)):
        steps = [_array(s, "%s[%d]" % (what, t)).ravel() for t, s in enumerate(v)]
    else:
        m = _array(v, what)
        if m.size != n * T:
            raise HarnessError("%s: expected %d x %d numbers, got shape %s" % (what, n, T, m.shape))
        steps = list(m.reshape(n, T).T) if layout == "column" else list(m.reshape(T, n))
    for t, s in enumerate(steps):
        if s.size != n:
            raise HarnessError("%s[%d]: expected %d numbers, got %d" % (what, t, n, s.size))
    return [[_encode(x) for x in s] for s in steps]


def _slots(d, case, what, with_a0):
    """A dict of parameter arrays (layout names, 'd' prefix optional) as the result's {Wax, ..., a0}."""
    if not isinstance(d, dict):
        raise HarnessError("%s: expected a dict, got %s" % (what, type(d).__name__))
    names = DOC_NAMES if case.layout == "column" else ROW_NAMES
    shapes = {"Wax": (case.nA, case.nX), "Waa": (case.nA, case.nA), "Wya": (case.nY, case.nA)}
    sizes = {"ba": case.nA, "by": case.nY, "a0": case.nA}
    out = {}
    for doc_name, name in list(zip(DOC_NAMES, names)) + ([("a0", "a0")] if with_a0 else []):
        key = next((k for k in (name, "d" + name) if k in d), None)
        if key is None:
            if doc_name == "a0":
                continue
            raise HarnessError("%s: no %r (or %r) among its keys %s" % (what, name, "d" + name, sorted(d)))
        m = _array(d[key], "%s[%r]" % (what, key))
        if doc_name in sizes:
            if m.size != sizes[doc_name]:
                raise HarnessError("%s[%r]: expected %d numbers, got shape %s" % (what, key, sizes[doc_name], m.shape))
            out[doc_name] = [_encode(x) for x in m.ravel()]
            continue
        want = shapes[doc_name] if case.layout == "column" else shapes[doc_name][::-1]
        if m.shape != want:
            raise HarnessError("%s[%r]: expected shape %s in layout %r, got %s"
                               % (what, key, want, case.layout, m.shape))
        out[doc_name] = [[_encode(x) for x in row] for row in (m if case.layout == "column" else m.T)]
    return out


def _cell_slots(d, case, what, with_states):
    """A gated or stacked cell's dict of arrays ("d" prefix optional; stacked: "layers" and an a0 list) as the result's."""
    if not isinstance(d, dict):
        raise HarnessError("%s: expected a dict, got %s" % (what, type(d).__name__))
    key = lambda src, name: next((k for k in (name, "d" + name) if k in src), None)

    def table(v, want, where):
        m = _array(v, where)
        if m.size != int(np.prod(want)):
            raise HarnessError("%s: expected shape %s, got %s" % (where, want, m.shape))
        m = m.reshape(want)
        return [_encode(x) for x in m.ravel()] if want[1] == 1 else [[_encode(x) for x in row] for row in m]

    def named(src, params, where):
        out = {}
        for name, p in params.items():
            k = key(src, name)
            if k is None:
                raise HarnessError("%s: no %r (or %r) among its keys %s" % (where, name, "d" + name, sorted(src)))
            out[name] = table(src[k], p.shape, "%s[%r]" % (where, k))
        return out

    flat = {k: v for k, v in case.params.items() if k != "layers"}
    out = named(d, flat, what)
    if case.layers > 1:
        layers = d.get("layers", d.get("dlayers"))
        if not isinstance(layers, (list, tuple)) or len(layers) != case.layers:
            raise HarnessError("%s: expected 'layers', a list of %d dicts" % (what, case.layers))
        out["layers"] = [named(g, p, "%s['layers'][%d]" % (what, i)) for i, (g, p) in enumerate(zip(layers, case.params["layers"]))]
    if with_states:
        for state in ("a0", "c0"):
            k, init = key(d, state), getattr(case, state, None)
            if k is not None and init is not None:
                out[state] = [table(v, i.shape, "%s[%r][%d]" % (what, k, n)) for n, (v, i) in enumerate(zip(d[k], init))] if isinstance(init, list) else table(d[k], init.shape, "%s[%r]" % (what, k))
    return out


def evaluate_case(doc, forward_backward, clip=None, update=None, layout="column"):
    """Runs the user's functions on one case document and returns the result document."""
    case = Case(doc, layout)
    with contextlib.redirect_stdout(sys.stderr):  # stdout carries the protocol only
        out = forward_backward(case)
        if not isinstance(out, dict) or "loss" not in out:
            raise HarnessError("the forward/backward function must return a dict with 'loss'")
        out = dict(out)
        if case.clip is not None and "clipped" not in out and clip is not None and "gradients" in out:
            out["clipped"] = clip(copy.deepcopy(out["gradients"]), case.clip)
        step = out.get("clipped") if case.clip is not None else out.get("gradients")
        if case.lr is not None and "updated" not in out and update is not None and step is not None:
            params = copy.deepcopy(case.params)
            new = update(params, copy.deepcopy(step), case.lr)
            out["updated"] = params if new is None else new
    result = {"format": RESULT_FORMAT, "loss": _encode(_array(out["loss"], "loss").reshape(-1)[0])}
    if doc.get("format") == CASE_FORMAT_2:  # echo what the case asked for
        result = {"format": RESULT_FORMAT_2, "cell": case.cell, **({"layers": case.layers} if case.layers > 1 else {}),
                  **({"variant": case.variant} if case.variant is not None else {}), "loss": result["loss"]}
    gated = case.cell != "rnn" or case.layers > 1
    for key, n in (("a", case.nA), ("yHat", case.nY)):
        if out.get(key) is not None:
            result[key] = _per_step(out[key], n, case.T, layout, key)
    for key in ("gradients", "clipped", "updated"):
        if out.get(key) is not None:
            result[key] = (_cell_slots if gated else _slots)(out[key], case, key, key != "updated")
    return result


def _write(stream, doc):
    stream.write(json.dumps(doc, allow_nan=False, separators=(",", ":")) + "\n")
    stream.flush()


def run(forward_backward, clip=None, update=None, name=None, capabilities=None, layout="column", argv=None):
    """The adapter's main: per-process (one case on stdin) or streaming (--stream / RNN_ORACLE_STREAM=1)."""
    argv = sys.argv[1:] if argv is None else argv
    caps = dict(capabilities or {})
    if update is None and "update" not in caps:
        caps["update"] = "none"
    stdout = sys.stdout
    if "--capabilities" in argv:
        _write(stdout, caps)
        return
    if "--stream" in argv or os.environ.get("RNN_ORACLE_STREAM") == "1":
        hello = {"format": HELLO_FORMAT, "capabilities": caps}
        if name:
            hello["name"] = name
        _write(stdout, hello)
        while True:
            line = sys.stdin.readline()
            if not line:
                return
            if line.strip():
                try:
                    _write(stdout, evaluate_case(json.loads(line), forward_backward, clip, update, layout))
                except Exception as e:  # the oracle restarts us for the next case
                    traceback.print_exc(file=sys.stderr)
                    sys.stderr.write("rnn_oracle_harness: %s: %s\n" % (type(e).__name__, e))
                    sys.exit(1)
    try:
        result = evaluate_case(json.load(sys.stdin), forward_backward, clip, update, layout)
    except Exception as e:
        sys.stderr.write("rnn_oracle_harness: %s: %s\n" % (type(e).__name__, str(e).replace("\n", " ")))
        sys.exit(1)
    _write(stdout, result)
