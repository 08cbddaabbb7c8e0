export { runCli } from './cli.js';
export { EXIT, UsageError, RuntimeFailure, type ExitCode } from './exit.js';
export type { Io, Sink } from './io.js';
// The wiring history file format lives in @dnw/pipeline (decodeWiringHistoryFile, wiringHistoryChunks, ...).
export { curveRecorder, type CurveRecorder } from './run-curves.js';
