/**
 * The vanilla diagnosis's rules (src/conformance/rules.ts), from which quantities disagree and which
 * agree: the rule's id, kind and quantities, and the equations of the document it names.
 */
import { describe, expect, it } from 'vitest';
import { parseCase, type ParsedCase } from '../../src/conformance/case.js';
import { rules } from '../../src/conformance/rules.js';
import { suiteCase } from './stored-suite.js';

const caseWith = (flag: string): ParsedCase => parseCase(suiteCase(flag).case);
/** A case with T > 1 (the recurrence through Waaᵀ exists) and one with T = 1 (it does not). */
const longer = () => caseWith('CarriedA0');
const single = () => caseWith('T1');
const GRADIENTS = ['dWax', 'dWaa', 'dWya', 'dba', 'dby', 'da0'];

/** The rules for these disagreeing and agreeing quantity names. */
const judge = (bad: string[], ok: string[], c = longer()) => rules(new Set(bad), new Set(ok), c);
const summary = (bad: string[], ok: string[], c = longer()) => judge(bad, ok, c).map((f) => [f.id, f.kind, f.quantities]);

describe('rules — the forward pass, eqs. (1)–(6), (15)', () => {
  it('wrong hidden states are the cell, eqs. (1), (3), (4), and ŷ is then not blamed on its own', () => {
    expect(summary(['a', 'yHat'], [])).toEqual([['hidden-states', 'rule', ['a']]]);
    expect(judge(['a'], [])[0].text).toContain('eqs. (1), (3), (4)');
  });

  it('wrong ŷ with no a⟨t⟩ to compare is the output layer, eqs. (2), (5), (6)', () => {
    expect(summary(['yHat'], [])).toEqual([['output-layer-forward', 'rule', ['yHat']]]);
    expect(judge(['yHat'], [])[0].text).toContain('eqs. (2), (5), (6)');
  });

  it('a wrong loss with ŷ right, or with no ŷ, is eq. (15); a wrong loss with ŷ wrong is not a rule of its own', () => {
    expect(summary(['loss'], ['yHat'])).toEqual([['loss', 'rule', ['loss']]]);
    expect(summary(['loss'], [])).toEqual([['loss', 'rule', ['loss']]]);
    expect(judge(['loss'], [])[0].text).toContain('eq. (15)');
    expect(summary(['loss', 'yHat'], ['a']).map(([id]) => id)).toEqual(['output-layer-forward']);
  });
});

describe('rules — the gradients, eqs. (18)–(26)', () => {
  it('the output-layer rule names only the output gradients that disagree', () => {
    expect(summary(['dby'], ['dWya'])).toEqual([['output-layer-gradients', 'rule', ['dby']]]);
    expect(summary(['dWya', 'dby'], [])).toEqual([['output-layer-gradients', 'rule', ['dWya', 'dby']]]);
  });

  it('narrows to the a⟨t⟩ factor of eq. (18) only when dby agrees and dWya does not', () => {
    expect(summary(['dWya'], ['dby'])).toEqual([
      ['output-layer-gradients', 'rule', ['dWya']],
      ['dWya-a-factor', 'rule', ['dWya']],
    ]);
    expect(judge(['dWya'], ['dby'])[1].text).toContain('eq. (18)');
    expect(summary(['dby'], ['dWya']).map(([id]) => id)).toEqual(['output-layer-gradients']);
    expect(summary(['dWya', 'dby'], []).map(([id]) => id)).toEqual(['output-layer-gradients']);
  });

  it('names the recurrence, eqs. (21)–(22), only for a sequence longer than one step', () => {
    expect(summary(['dWaa', 'dba'], ['dWya', 'dby'])).toEqual([['hidden-backward', 'rule', ['dWaa', 'dba']]]);
    expect(judge(['dWaa', 'dba'], ['dWya', 'dby'])[0].text).toContain('(21)–(22)');
    expect(judge(['dWaa', 'dba'], ['dWya', 'dby'], single())[0].text).not.toContain('(21)');
    expect(judge(['dWaa', 'dba'], ['dWya', 'dby'], single())[0].text).toContain('(24)–(26)');
  });

  it('lists every disagreeing hidden-layer gradient, and says the output layer agrees only when both its gradients do', () => {
    const [f] = judge(['dWax', 'dba', 'da0'], ['dWya', 'dby', 'dWaa']);
    expect(f.quantities).toEqual(['dWax', 'dba', 'da0']);
    expect(f.text).toMatch(/^dWya and dby agree but dWax, dba, da0 do not: /);
    expect(judge(['dWax', 'dba'], ['dWya'])[0].text).toMatch(/^dWax, dba disagree: /);
  });

  it('narrows to the factors of (24) and (25) only when exactly those two disagree', () => {
    expect(summary(['dWaa', 'dWax'], ['dWya', 'dby', 'dba', 'da0'])).toEqual([['dWaa-dWax-factors', 'rule', ['dWaa', 'dWax']]]);
    expect(summary(['dWaa', 'da0'], ['dWya', 'dby', 'dba', 'dWax']).map(([id]) => id)).toEqual(['hidden-backward']);
  });

  it('blames eq. (21) at t = 0 for da0 only when dWaa, dWax and dba were all judged to agree', () => {
    expect(summary(['da0'], ['dWya', 'dby', 'dba', 'dWaa', 'dWax'])).toEqual([['da0-recurrence', 'rule', ['da0']]]);
    expect(summary(['da0'], ['dWya', 'dby', 'dWax']).map(([id]) => id)).toEqual(['hidden-backward']);
    expect(summary(['da0'], ['dWya', 'dby', 'dWaa', 'dWax']).map(([id]) => id)).toEqual(['hidden-backward']);
    expect(summary(['da0'], ['dWya', 'dby', 'dba', 'dWax']).map(([id]) => id)).toEqual(['hidden-backward']);
  });
});

describe('rules — clipping and the update', () => {
  const clippedAll = GRADIENTS.map((n) => `clipped ${n}`);

  it('blames clipping only when no gradient disagrees, with the clipped quantities that do', () => {
    expect(summary(['clipped dWaa'], [...GRADIENTS, ...clippedAll.filter((n) => n !== 'clipped dWaa')])).toEqual([['clipping', 'rule', ['clipped dWaa']]]);
    expect(summary(['dWaa', 'clipped dWaa'], ['dWya', 'dby', 'dba', 'dWax', 'da0']).map(([id]) => id)).toEqual(['dWaa-aprev-factor']);
  });

  it('says the gradients agree only when all five parameter gradients were judged OK (∂L/∂a⟨0⟩ is optional)', () => {
    const checked = judge(['clipped dWaa'], GRADIENTS.slice(0, 5));
    expect(checked[0].text).not.toContain('(18)–(26)');
    const unchecked = judge(['clipped dWaa'], ['dWax', 'dWaa', 'dWya', 'dba']);
    expect(unchecked[0].text).toContain('(18)–(26)');
    const updated = judge(['updated Waa'], ['dWax', 'dWaa', 'dWya', 'dba']);
    expect(updated.map((f) => [f.id, f.quantities])).toEqual([['update', ['updated Waa']]]);
    expect(updated[0].text).toContain('(18)–(26)');
    expect(judge(['updated Waa'], GRADIENTS.slice(0, 5))[0].text).not.toContain('(18)–(26)');
  });

  it('blames the update only when the clipped gradients agree too', () => {
    expect(summary(['clipped dWaa', 'updated Waa'], GRADIENTS).map(([id]) => id)).toEqual(['clipping']);
    expect(summary(['updated Waa', 'updated by'], GRADIENTS)).toEqual([['update', 'rule', ['updated Waa', 'updated by']]]);
  });
});
