/** Gradient checkers over the reference: elementwise and directional, central and complex step. */
export * from './tolerances.js';
export * from './problem.js';
export * from './elementwise.js';
export * from './directional.js';
export * from './format.js';
