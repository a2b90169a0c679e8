"""Writes spec/flow/numpy-spectrum.json: random matrices with numpy's spectral radius and largest
singular value (LAPACK dgeev / dgesdd through numpy.linalg), for spec/flow/spectrum.spec.ts.

Regenerate: /usr/bin/python3 spec/flow/numpy-spectrum.py  (numpy 1.24 or later)
"""
import json
import pathlib

import numpy as np

rng = np.random.default_rng(20261126)
cases = []
for n, scale, kind in [(1, 1.0, "gaussian"), (2, 1.0, "gaussian"), (3, 0.5, "gaussian"), (5, 1.0, "gaussian"),
                       (8, 2.0, "gaussian"), (13, 0.3, "gaussian"), (30, 0.1, "gaussian"), (50, 0.01, "gaussian"),
                       (6, 1.0, "upper-triangular"), (10, 1.0, "rotation-heavy"), (40, 0.2, "gaussian")]:
    A = rng.standard_normal((n, n)) * scale
    if kind == "upper-triangular":
        A = np.triu(A)
    if kind == "rotation-heavy":
        A = A - A.T  # skew-symmetric: every eigenvalue on the imaginary axis, in conjugate pairs
    cases.append({
        "n": n,
        "kind": kind,
        "A": A.flatten().tolist(),
        "spectralRadius": float(np.max(np.abs(np.linalg.eigvals(A)))),
        "largestSingularValue": float(np.linalg.norm(A, 2)),
    })
out = {
    "comment": "made by spec/flow/numpy-spectrum.py with numpy " + np.__version__,
    "cases": cases,
}
pathlib.Path(__file__).with_suffix(".json").write_text(json.dumps(out) + "\n")
