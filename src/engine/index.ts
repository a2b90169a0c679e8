/** The fast engine (package subpath `rnn-oracle/engine`): forward/backward over a Workspace, and conversion to and from the reference's parameters. */
export { backward, clipAndStep, forward, numpySum, Workspace, type FastGradients } from './rnn.js';
export { copyParams, templateInit, zeroParams, type FastParams } from './model.js';
export { fromReference, toReference } from './convert.js';
