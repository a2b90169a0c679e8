/** The fast engine (package subpath `rnn-oracle/engine`): forward/backward over a Workspace, and conversion to and from the reference's parameters. */
export { backward, clipAndStep, forward, numpySum, Workspace, type FastGradients } from './rnn.js';
export { copyParams, fromReference, templateInit, toReference, zeroParams, type FastParams } from './model.js';
