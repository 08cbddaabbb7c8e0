export { runCli } from './cli.js';
export { EXIT, UsageError, RuntimeFailure, type ExitCode } from './exit.js';
export type { Io, Sink } from './io.js';
export {
  WIRING_FORMAT,
  WIRING_VERSION,
  wiringHistoryChunks,
  snapshotJson,
  curveRecorder,
  type RunCurves,
  decodeWiringHistory,
  thinSnapshots,
  blockLayout,
  type WiringHistory,
  type WiringSnapshot,
  type BlockLayout,
} from './wiring-history.js';
