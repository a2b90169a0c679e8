/** The fast engines (package subpath `rnn-oracle/engine`): the vanilla, stacked vanilla, LSTM and GRU forward/backward over workspaces, one training shape for all of them (createCellEngine), and conversion to and from the reference's parameters. */
export { backward, clipAndStep, forward, numpySum, Workspace, type FastGradients } from './rnn.js';
export { copyParams, templateInit, zeroParams, type FastParams } from './model.js';
export { fromReference, toReference } from './convert.js';
export { lstmBackward, lstmForward, LstmWorkspace, type FastLstmGradients } from './lstm.js';
export { lstmFromNamed, lstmInit, lstmToNamed, zeroLstmParams, type FastLstmParams, type NamedParams } from './lstm-params.js';
export { gruBackward, gruForward, GruWorkspace, type FastGruGradients } from './gru.js';
export { gruFromNamed, gruInit, gruToNamed, zeroGruParams, type FastGruParams } from './gru-params.js';
export { deepFromReference, gruFromReference, gruToReference, lstmFromReference, lstmToReference } from './gated-convert.js';
export { CELL_KINDS, createCellEngine, type CellEngine, type CellKind, type CellOptions } from './gated-cell-engine.js';
export { deepBackward, deepForward, DeepWorkspace, type FastDeepParams } from './deep.js';
export { deepFromNamed, deepInit, deepParamLengths, deepToNamed } from './deep-params.js';
