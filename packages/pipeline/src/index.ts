export * from './events.js';
export {
  decodeConfig,
  formatConfigErrors,
  DEFAULT_CONFIG,
  MODEL_KINDS,
  STRATEGIES,
  NORMS,
  SCHEDULES,
  BACKENDS,
  DATASETS,
  SOLVERS,
  FROM_STRATEGIES,
  type FromConfig,
  type Config,
  type ConfigInput,
  type ConfigError,
  type DataConfig,
  type SyntheticConfig,
  type ModelConfig,
  type OptimizerConfig,
  type ScheduleConfig,
  type CheckpointConfig,
} from './config.js';
export { sampleRewirings } from './operators/sample-rewirings.js';
export { wiringHistory, historyOf, type WiringHistory, type WiringSnapshot } from './operators/wiring-history.js';
export { metrics, addEvent, emptyMetrics, type Metrics, type Series } from './operators/metrics.js';
export { throwOnError } from './operators/throw-on-error.js';
export { train, type TrainDeps } from './train.js';
export { toCallbacks, type TrainCallbacks, type Logs } from './callbacks.js';
export { trainInWorker, type WorkerOptions } from './worker.js';
export type { ToWorker, FromWorker, MnistBuffers } from './worker-protocol.js';
export type { TrainFs } from './fs.js';
export { readCheckpoint, listCheckpoints, CHECKPOINT_FORMAT, type Checkpoint } from './checkpoint.js';
export { modelSpecOf } from './model-spec.js';
export { evaluateSplit, evalBatcher, EVAL_BATCH, type SplitEvaluation } from './evaluate-split.js';
export { floatsToBase64, base64ToFloats } from './float-codec.js';
export {
  WIRING_FORMAT,
  WIRING_VERSION,
  blockLayout,
  thinSnapshots,
  valueAtStep,
  snapshotJson,
  wiringHistoryChunks,
  decodeWiringHistoryFile,
  parseWiringHistoryFile,
  type BlockLayout,
  type WiringFileSnapshot,
  type WiringFileModel,
  type WiringHistoryFile,
  type SnapshotSource,
  type SnapshotCurves,
} from './wiring-history-file.js';
export { makeDirs } from './make-dirs.js';
