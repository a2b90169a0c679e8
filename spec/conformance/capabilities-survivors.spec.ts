/**
 * src/conformance/capabilities.ts function by function: what is parsed or refused (and where the
 * refusal points), which quantities a case asks for, which tests and quantities are skipped and for
 * what, and which computation the expected values follow. Expected values written out by hand from
 * design/protocol.md, "Capabilities".
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAnyCase } from '../../src/conformance/any-case.js';
import {
  capabilitiesArgument,
  inputKindsOf,
  mergeCapabilities,
  outputsOf,
  parseCapabilities,
  quantityNames,
  quantitySkipReason,
  skipReason,
  variantOf,
} from '../../src/conformance/capabilities.js';
import { ConformanceInputError, parseCase } from '../../src/conformance/case.js';
import type { CellVectorSuite } from '../../src/conformance/vectors2.js';
import { lazy } from '../helpers/lazy.js';

/** nX = 2, nA = 1, nY = 2; `inputs` and optional clip/lr as given. */
const vanilla = (inputs: (null | number | number[])[], extra: { clip?: number; lr?: number } = {}) =>
  parseCase({
    format: 'rnn-oracle/case@1',
    params: { Wax: [[0.1, 0.2]], Waa: [[0.5]], Wya: [[1], [-1]], ba: [0], by: [0, 0] },
    inputs,
    targets: inputs.map(() => 0),
    ...extra,
  });
const cellTests = lazy(() => (JSON.parse(readFileSync(new URL('../../fixtures/conformance/cells.json', import.meta.url), 'utf8')) as CellVectorSuite).testGroups.flatMap((g) => g.tests));
const cellCase = (pick: (c: Record<string, unknown>) => boolean) => parseAnyCase(cellTests().find((t) => pick(t.case as never))!.case);
const lstmCourse = () => cellCase((c) => c.cell === 'lstm' && c.variant === 'course' && c.clip === undefined && c.lr === undefined);
const gruBefore = () => cellCase((c) => c.cell === 'gru' && (c.variant as { reset: string }).reset === 'before-matmul');
const dir = lazy(() => mkdtempSync(join(tmpdir(), 'rnn-oracle-caps-')));

/** What JSON.parse says about `text`. */
const parserMessage = (text: string): string => {
  try {
    JSON.parse(text);
  } catch (error) {
    return (error as Error).message;
  }
  return '';
};

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(ConformanceInputError);
    return (error as Error).message;
  }
  throw new Error('accepted');
};

describe('parseCapabilities and capabilitiesArgument — what is read, and where a refusal points', () => {
  it('names "capabilities" and the JSON path when no source is given, the source when one is', () => {
    expect(refusal(() => parseCapabilities({ inputs: ['sparse'] }))).toMatch(/^capabilities: \$\.inputs\[0\]/);
    expect(refusal(() => parseCapabilities({ update: 'rmsprop' }, 'hello'))).toMatch(/^hello: \$\.update/);
    expect(parseCapabilities({ outputs: ['loss'], precision: 'float32' })).toEqual({ outputs: ['loss'], precision: 'float32' });
  });

  it('reads inline JSON even after leading blanks, and anything else as a file', () => {
    expect(capabilitiesArgument('  \n {"update":"none"}')).toEqual({ update: 'none' });
    const file = join(dir(), 'caps.json');
    writeFileSync(file, '{"lossReduction":"mean"}');
    expect(capabilitiesArgument(file)).toEqual({ lossReduction: 'mean' });
  });

  it('refuses an unreadable file with its name and the system’s code, text that is not JSON, and JSON that is not capabilities, each naming --capabilities', () => {
    const missing = join(dir(), 'no-such.json');
    const m = refusal(() => capabilitiesArgument(missing));
    expect(m.startsWith(`--capabilities ${missing}: `)).toBe(true);
    expect(m).toContain('ENOENT');
    const notJson = refusal(() => capabilitiesArgument('{"inputs": ['));
    expect(notJson.startsWith('--capabilities: ')).toBe(true);
    expect(notJson).toContain(parserMessage('{"inputs": [')); // the parser’s reason, not a schema complaint about $
    const bad = join(dir(), 'bad.json');
    writeFileSync(bad, 'inputs: all');
    expect(refusal(() => capabilitiesArgument(bad)).startsWith('--capabilities: ')).toBe(true);
    expect(refusal(() => capabilitiesArgument('{"cells":["lstm","tcn"]}'))).toMatch(/^--capabilities: \$\.cells\[1\]/);
  });
});

describe('mergeCapabilities — the command line’s fields over the hello’s', () => {
  it('takes each field the winner sets, keeps the others, and ignores a field set to undefined', () => {
    expect(mergeCapabilities(undefined, undefined)).toEqual({});
    expect(mergeCapabilities({ inputs: ['null'], precision: 'float32' }, { precision: 'float64' })).toEqual({ inputs: ['null'], precision: 'float64' });
    expect(mergeCapabilities({ precision: 'float32' }, { precision: undefined })).toEqual({ precision: 'float32' });
    expect(mergeCapabilities(undefined, { update: 'none' })).toEqual({ update: 'none' });
    expect(mergeCapabilities({ update: 'adagrad' }, undefined)).toEqual({ update: 'adagrad' });
  });
});

describe('the quantities a case asks for, and which are skipped', () => {
  it('inputKindsOf tells null, index and dense inputs apart', () => {
    expect([...inputKindsOf(vanilla([null, 1, [0.5, 0], 0]))]).toEqual(['null', 'index', 'dense']);
    expect([...inputKindsOf(vanilla([1]))]).toEqual(['index']);
  });

  it('quantityNames lists loss, a, ŷ and the six gradients, then the clipped ones with clip and the updated parameters with lr', () => {
    const grads = ['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'];
    expect(quantityNames(vanilla([0]))).toEqual(['loss', 'a', 'yHat', ...grads]);
    expect(quantityNames(vanilla([0], { clip: 1 }))).toEqual(['loss', 'a', 'yHat', ...grads, ...grads.map((g) => `clipped ${g}`)]);
    expect(quantityNames(vanilla([0], { lr: 0.1 }))).toEqual(['loss', 'a', 'yHat', ...grads, 'updated Wax', 'updated Waa', 'updated Wya', 'updated ba', 'updated by']);
  });

  it('quantityNames of a cell case names its own parameters and states', () => {
    const lstm = ['Wf', 'Wi', 'Wc', 'Wo', 'bf', 'bi', 'bc', 'bo', 'Wya', 'by'];
    expect(quantityNames(lstmCourse())).toEqual(['loss', 'a', 'yHat', ...[...lstm, 'a0', 'c0'].map((k) => `d${k}`)]);
    const clipped = quantityNames(parseAnyCase({ ...lstmCourse().json, clip: 1 }));
    expect(clipped).toEqual(['loss', 'a', 'yHat', ...[...lstm, 'a0', 'c0'].map((k) => `d${k}`), ...[...lstm, 'a0', 'c0'].map((k) => `clipped d${k}`)]);
    const updated = quantityNames(parseAnyCase({ ...lstmCourse().json, lr: 0.1 }));
    expect(updated).toEqual(['loss', 'a', 'yHat', ...[...lstm, 'a0', 'c0'].map((k) => `d${k}`), ...lstm.map((k) => `updated ${k}`)]);
  });

  it('outputsOf puts each quantity under the output that produces it', () => {
    for (const n of ['loss', 'a', 'yHat'] as const) expect(outputsOf(n)).toEqual([n]);
    for (const n of ['da0', 'dc0', 'da0[2]', 'da0[12]', 'dc0[1]']) expect(outputsOf(n), n).toEqual(['da0']);
    for (const n of ['clipped da0', 'clipped dc0', 'clipped da0[3]', 'clipped da0[12]']) expect(outputsOf(n), n).toEqual(['clipped', 'da0']);
    for (const n of ['clipped dWax', 'clipped dby', 'clipped dWax[1]']) expect(outputsOf(n), n).toEqual(['clipped']);
    for (const n of ['updated Wax', 'updated by', 'updated Wax[2]']) expect(outputsOf(n), n).toEqual(['updated']);
    for (const n of ['dWax', 'dba', 'dby', 'dWf', 'dWax[1]', 'dba[2]']) expect(outputsOf(n), n).toEqual(['gradients']);
  });

  it('quantitySkipReason skips updated parameters under update "none" and quantities outside outputs, naming the outputs missing', () => {
    expect(quantitySkipReason('updated Wax', { update: 'none' })).toMatch(/none/);
    expect(quantitySkipReason('updated Wax', { update: 'sgd' })).toBeUndefined();
    expect(quantitySkipReason('updated Wax', { update: 'adagrad' })).toBeUndefined();
    expect(quantitySkipReason('dWax', { update: 'none' })).toBeUndefined();
    expect(quantitySkipReason('loss', {})).toBeUndefined();
    expect(quantitySkipReason('loss', { outputs: ['loss'] })).toBeUndefined();
    expect(quantitySkipReason('dWax', { outputs: ['loss'] })).toMatch(/\(gradients\)/);
    const both = quantitySkipReason('clipped da0', { outputs: ['loss'] })!;
    expect(both).toMatch(/\(clipped, da0\)/);
    expect(quantitySkipReason('clipped da0', { outputs: ['clipped'] })).toMatch(/\(da0\)/);
    expect(quantitySkipReason('clipped da0', { outputs: ['clipped', 'da0'] })).toBeUndefined();
  });

  it('skipReason skips a test for its cell, its variant, the input kinds it lacks (all named), or when nothing is left to check', () => {
    expect(skipReason(vanilla([0]), {})).toBeUndefined();
    expect(skipReason(vanilla([0]), { cells: ['lstm'] })).toMatch(/^rnn\b/);
    expect(skipReason(vanilla([0]), { cells: ['rnn'] })).toBeUndefined();
    expect(skipReason(vanilla([0]), { variants: ['split'] })).toBeUndefined(); // the vanilla cell has no variant
    expect(skipReason(lstmCourse(), { cells: ['gru', 'rnn'] })).toMatch(/^lstm\b/);
    expect(skipReason(lstmCourse(), { cells: ['lstm'] })).toBeUndefined();
    expect(skipReason(lstmCourse(), { variants: ['split'] })).toMatch(/course/);
    expect(skipReason(lstmCourse(), { variants: ['split', 'course'] })).toBeUndefined();
    expect(skipReason(gruBefore(), { variants: [{ reset: 'after-matmul', blend: 'gate-keeps-old' }] })).toMatch(/before-matmul/);
    const gv = (gruBefore().json as { variant?: unknown }).variant as { reset: string; blend: string };
    expect(skipReason(gruBefore(), { variants: ['course', { reset: gv.reset, blend: gv.blend } as never] })).toBeUndefined();

    const mixed = vanilla([null, 1, [0.5, 0]]);
    const r = skipReason(mixed, { inputs: ['index'] })!;
    expect(r).toMatch(/null/);
    expect(r).toMatch(/dense/);
    expect(r).not.toMatch(/index/);
    expect(skipReason(mixed, { inputs: ['index', 'null'] })).toMatch(/dense/);
    expect(skipReason(mixed, { inputs: ['index', 'null', 'dense'] })).toBeUndefined();

    expect(skipReason(vanilla([0]), { outputs: ['updated'] })).toBe('nothing to check');
    expect(skipReason(vanilla([0], { lr: 0.1 }), { outputs: ['updated'] })).toBeUndefined();
    expect(skipReason(vanilla([0], { lr: 0.1 }), { outputs: ['updated'], update: 'none' })).toBe('nothing to check');
  });
});

describe('variantOf — the computation the expected values follow', () => {
  it('is the document’s (no field at all) unless the loss is a mean or the update is Adagrad', () => {
    expect(variantOf({})).toEqual({});
    expect(Object.keys(variantOf({ lossReduction: 'sum', update: 'sgd', precision: 'float32' }))).toEqual([]);
    expect(Object.keys(variantOf({ update: 'none' }))).toEqual([]);
    expect(variantOf({ lossReduction: 'mean' })).toEqual({ meanOverTime: true });
    expect(variantOf({ update: 'adagrad' })).toEqual({ update: 'adagrad' });
    expect(variantOf({ lossReduction: 'mean', update: 'adagrad' })).toEqual({ meanOverTime: true, update: 'adagrad' });
  });
});
