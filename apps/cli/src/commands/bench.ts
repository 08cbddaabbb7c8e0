/**
 * `dnw bench`: the training-step benchmark of @dnw/bench, loaded only when asked for (it pulls in
 * TensorFlow.js, which no other command needs).
 */
import { EXIT, type ExitCode } from '../exit.js';
import type { Io } from '../io.js';

export const benchCommand = async (opts: { steps: number; warmup: number; json?: boolean }, io: Io): Promise<ExitCode> => {
  const { runStepBench, formatStepTable } = await import('@dnw/bench/step');
  const report = await runStepBench({ steps: opts.steps, warmup: opts.warmup, onProgress: opts.json ? undefined : (line) => io.err.write(`${line}\n`) });
  io.out.write(opts.json === true ? `${JSON.stringify(report)}\n` : `${formatStepTable(report)}\n`);
  return EXIT.ok;
};
