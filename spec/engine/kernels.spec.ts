import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error — a plain ES module script without type declarations
import { compileKernels } from '../../scripts/build-wasm.mjs';

describe('the WebAssembly kernels', () => {
  it('ship as exactly what src/engine/kernels.wat compiles to (regenerate with npm run build:wasm)', async () => {
    const committed = readFileSync(new URL('../../src/engine/kernels-wasm.ts', import.meta.url), 'utf8');
    expect(committed).toContain(`'${await compileKernels()}'`);
  });

  it('compile, when src/engine/rnn.ts is loaded afresh, into a module exporting the memory and the six kernels', async () => {
    vi.resetModules();
    const { kernelsModule } = await import('../../src/engine/rnn.js');
    expect(WebAssembly.Module.exports(kernelsModule).map((e) => e.name).sort()).toEqual(['accOuter', 'clipStep', 'firstNaN', 'matvec', 'matvecColumns', 'memory', 'vecmat']);
  });
});
