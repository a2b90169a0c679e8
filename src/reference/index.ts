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
