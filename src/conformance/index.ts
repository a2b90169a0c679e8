/**
 * The conformance kit (package subpath `rnn-oracle/conformance`): run the suite against your
 * implementation, read cases, compare results, evaluate the oracle, generate the suite; the formats
 * and the capabilities an implementation may declare.
 */
export { conform, commandImplementation, formatConformReport, ImplementationFailure, ProgramOutput } from './conform.js';
export type { ConformOptions, ConformReport, ConformRow, Implementation, KeptFiles, Outcome } from './conform.js';
export { streamImplementation, helloSchema, HELLO_FORMAT } from './stream.js';
export { ConformanceInputError, parseCase, type ParsedCase } from './case.js';
export { compareResult, quantitiesOf, FLOAT32_TOLERANCE, FLOAT64_TOLERANCE } from './compare.js';
export type { CheckReport, QuantityReport, Status, TheirQuantities, Tolerance } from './compare.js';
export { evaluate, toResultJson, type Quantities, type Variant } from './evaluate.js';
export { generateVectors, FLAGS, VECTORS_FORMAT, type VectorSuite, type VectorGroup, type VectorTest, type Flag } from './vectors.js';
export { CASE_FORMAT, RESULT_FORMAT, caseSchema, resultSchema, jsonSchemas, type CaseJson, type ResultJson } from './schema.js';
export { capabilitiesSchema, parseCapabilities, INPUT_KINDS, OUTPUTS, type Capabilities, type InputKind, type Output } from './capabilities.js';
export { parseSuite } from './suite.js';
export { parseLenientJson } from './lenient-json.js';
// case@2, result@2 and vectors@2: the LSTM, the GRU and stacked RNNs (issue #12)
export { parseAnyCase, isCellCase, readTheirResult, toCellResultJson, type AnyCase } from './any-case.js';
export { CASE_FORMAT_2, RESULT_FORMAT_2, CELLS, caseSchema2, resultSchema2, type CaseJson2, type ResultJson2, type CellKind } from './schema2.js';
export { generateCellVectors, VECTORS_FORMAT_2, type CellVectorSuite, type CellVectorGroup, type CellVectorTest } from './vectors2.js';
export { cellExpected, type CellQuantities } from './cells/evaluate.js';
export { CELL_MISTAKES, type CellMistake } from './cells/mistakes.js';
export type { CellCase, CellModel } from './cells/model.js';
