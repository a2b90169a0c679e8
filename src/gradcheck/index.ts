/** Gradient checkers: elementwise and directional, central and complex step, on the reference or the engine. */
export * from './tolerances.js';
export * from './problem.js';
export * from './evaluator.js';
export * from './extrapolation.js';
export * from './conditioning.js';
export * from './elementwise.js';
export * from './directional.js';
export * from './cost.js';
export * from './format.js';
export * from './generic.js';
export * from './cells.js';
