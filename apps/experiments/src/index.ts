// @dnw/experiments: the sweeps of docs/results.md as data, their runner and the report files.
export { sweep, GROUPS, MODE_SETTINGS, SPARSE_LINES, SPARSE_KEEPS, DENSE_VARIANT, type Mode, type RunSpec, type Stage, type SweepOptions } from './sweeps.js';
export { execute, configOf, toRecord, recordsPath, runDir, type ExecuteOptions, type ExecuteResult } from './execute.js';
export { collectEvents, runCli, type CliOutcome } from './run-cli.js';
export { stageModel, readParent, writeStageCheckpoint } from './stage.js';
export { readRecords, appendRecord } from './records-file.js';
export { buildSparseSummary, reportFiles, spliceBlock, summaryDescription, SPARSE_FIGURE_SIZE, BEGIN, END } from './docs.js';
