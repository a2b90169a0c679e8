/** The readable reference: eqs. (1)–(26) on mathjs matrices, derived in docs/model.md. */
export * from './linalg.js';
export * from './types.js';
export * from './inputs.js';
export * from './softmax.js';
export * from './cell.js';
export * from './bptt.js';
export * from './unrolled.js';
export * from './clip.js';
export * from './update.js';
// Gated and stacked cells: docs/lstm.md (L1)–(L22), docs/gru.md (G1)–(G19), docs/deep.md (D1)–(D9).
export * from './lstm/types.js';
export * from './lstm/bptt.js';
export * from './gru/types.js';
export * from './gru/bptt.js';
export * from './deep/types.js';
export * from './deep/bptt.js';
