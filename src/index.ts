/** rnn-oracle: the reference RNN (eqs. (1)–(26)), its gradient checkers, numpy-compatible randomness. */
export * from './reference/index.js';
export * from './gradcheck/index.js';
export { NumpyRandom } from './random/numpy.js';
export { MT19937 } from './random/mt19937.js';
