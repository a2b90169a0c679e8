/**
 * The numpy LSTM and GRU of docs/examples/ against the cells' suite (streaming and per process),
 * their broken copies' reports as docs/conformance.md shows them, and the Python harness passing
 * case@2's fields through. Needs python3 with numpy; skipped with the reason when there is none.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { runCli } from '../helpers/cli.js';
import { hasNumpy } from '../helpers/python.js';

const root = new URL('../../', import.meta.url).pathname;
const dir = mkdtempSync(join(tmpdir(), 'rnn-oracle-cells-'));
const committed = JSON.parse(readFileSync(join(root, 'fixtures/conformance/cells.json'), 'utf8')) as CellVectorSuite;
/** The faster interpreter when it has numpy (Debian's, ~0.3 s to start), else python3 (pyenv, numpy 2.4). */
const interpreter = ['/usr/bin/python3', 'python3'].find((p) => spawnSync(p, ['-c', 'import numpy'], { stdio: 'ignore' }).status === 0);
/** The broken copies' reports are shown as `python3` (numpy 2.4) prints them: the last bits of the agreeing rows depend on numpy's build. */
const docsPython = hasNumpy ? 'python3' : undefined;
const example = (script: string) => `${interpreter} ${join(root, 'docs/examples', script)}`;
const write = (name: string, body: unknown) => {
  const path = join(dir, name);
  writeFileSync(path, typeof body === 'string' ? body : JSON.stringify(body));
  return path;
};
const docs = readFileSync(join(root, 'docs/conformance.md'), 'utf8');
const count = (cell: string) => committed.testGroups.filter((g) => g.cell === cell).reduce((n, g) => n + g.tests.length, 0);

describe(`the numpy LSTM and GRU in docs/examples/ ${interpreter ? '' : '(skipped: no python3 with numpy here)'}`, () => {
  it.runIf(interpreter).each([
    ['numpy_lstm.py', 'lstm'],
    ['numpy_gru.py', 'gru'],
  ])('%s passes every %s test of the cells’ suite through one streaming process, and a test per process', async (script, cell) => {
    const streamed = await runCli(['conform', '--cells', '--stream', '--command', `${example(script)} --stream`]);
    expect(streamed.stdout).toMatch(new RegExp(`\\n${count(cell)} pass, ${committed.numberOfTests - count(cell)} skipped \\(.*\\), 0 fail \\(float64 tolerances\\)\\n$`));
    expect(streamed.code).toBe(0);
    const group = committed.testGroups.find((g) => g.cell === cell && g.variant !== 'course')!;
    const one = write(`${cell}-one.json`, { ...committed, testGroups: [{ ...group, tests: group.tests.slice(2, 3) }] });
    const perProcess = await runCli(['conform', '--vectors', one, '--command', example(script)]);
    expect(perProcess.stdout).toMatch(/\n1 pass, 0 skipped, 0 fail \(float64 tolerances\)\n$/);
  });

  it.runIf(docsPython).each([
    ['numpy_lstm_broken.py', 'lstm', 'the cell state’s gradient is not carried back through the forget gate — (L19)'],
    ['numpy_gru_broken.py', 'gru', 'the blend’s (1 − Γu) path is left out of the backward pass — (G11)'],
  ])('%s: check names its mistake, with the report docs/conformance.md shows verbatim', async (script, cell, mistake) => {
    const shown = new RegExp(`\`\`\`\\n\\$ npx rnn-oracle case (\\d+) > ${cell}-case.json\\n.*\\n\\$ npx rnn-oracle check ${cell}-case.json ${cell}-theirs.json\\n([\\s\\S]*?)\`\`\``).exec(docs);
    expect(shown, `a ${cell} check block in docs/conformance.md`).not.toBeNull();
    const caseText = (await runCli(['case', shown![1]])).stdout;
    const theirs = spawnSync(docsPython!, [join(root, 'docs/examples', script)], { input: caseText, encoding: 'utf8' }).stdout;
    const checked = await runCli(['check', write(`${cell}-case.json`, caseText), write(`${cell}-theirs.json`, theirs)]);
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(mistake);
    expect(shown![2]).toBe(checked.stdout);
  });
});

describe(`the Python harness with case@2 ${interpreter ? '' : '(skipped: no python3 with numpy here)'}`, () => {
  const adapter = (body: string) => {
    const path = write(`adapter-${body.length}.py`, `import sys\nsys.path[:0] = [${JSON.stringify(join(root, 'harness/python'))}, ${JSON.stringify(join(root, 'docs/examples'))}]\nimport numpy as np\nimport rnn_oracle_harness as harness\n${body}\n`);
    return `${interpreter} ${path}`;
  };

  it.runIf(interpreter)('passes the LSTM’s and GRU’s parameters, states and variant through both ways: an adapter on the numpy examples passes', async () => {
    const command = adapter(`
import numpy_gru, numpy_lstm
def fb(case):
    r = (numpy_lstm if case.cell == "lstm" else numpy_gru).run(case.raw)
    assert case.variant == case.raw["variant"] and case.params["Wya"].shape == (case.nY, case.nA)
    return {k: r[k] for k in ("loss", "a", "yHat", "gradients", "clipped", "updated") if k in r}
harness.run(fb, name="cells", capabilities={"cells": ["lstm", "gru"], "update": "sgd"})`);
    const { stdout, code } = await runCli(['conform', '--cells', '--stream', '--command', `${command} --stream`]);
    expect(stdout).toMatch(new RegExp(`\\n${count('lstm') + count('gru')} pass, \\d+ skipped \\(rnn cells\\), 0 fail`));
    expect(code).toBe(0);
  });

  it.runIf(interpreter)('nests a stacked RNN’s layers and per-layer a0 as the case does: zero gradients are MISMATCH, not MISSING or INVALID', async () => {
    const command = adapter(`
def fb(case):
    zeros = {k: np.zeros_like(v) for k, v in case.params.items() if k != "layers"}
    zeros["layers"] = [{k: np.zeros_like(v) for k, v in layer.items()} for layer in case.params["layers"]]
    zeros["a0"] = [np.zeros_like(a) for a in case.a0]
    return {"loss": 0.0, "gradients": zeros}
harness.run(fb, capabilities={"cells": ["rnn"], "outputs": ["loss", "gradients", "da0"]})`);
    const deep = committed.testGroups.find((g) => g.layers === 2)!;
    const one = write('deep-one.json', { ...committed, testGroups: [{ ...deep, tests: deep.tests.slice(0, 1) }] });
    const { stdout } = await runCli(['conform', '--vectors', one, '--command', command]);
    expect(stdout).toMatch(/MISMATCH .*\n\s+loss MISMATCH, dWax\[1\] MISMATCH, dWaa\[1\] MISMATCH, dba\[1\] MISMATCH, dWax\[2\] MISMATCH/);
    expect(stdout).not.toMatch(/MISSING|INVALID|warning/);
  });
});
