/**
 * `dnw train`: decode the config (file, then flags), run the pipeline's `train` in a worker thread
 * (`trainInWorker`; `--no-worker` runs it in this process, for debugging), show its events (a progress bar, or NDJSON on stdout with `--json`), keep the wiring history, and
 * end with the test accuracy and the saved files. Ctrl-C (or SIGTERM) stops at once and keeps the
 * last checkpoint.
 */
import { mkdir } from 'node:fs/promises';
import { resolve, join } from 'node:path';
import { Subject, type Subscription } from 'rxjs';
import {
  decodeConfig,
  decodeWiringHistoryFile,
  makeDirs,
  train,
  trainInWorker,
  wiringHistory,
  wiringHistoryChunks,
  type Config,
  type ConfigError,
  type DoneEvent,
  type ErrorEvent,
  type ModelSummary,
  type TrainEvent,
  type WiringFileSnapshot,
  type WiringHistory as PipelineWiringHistory,
} from '@dnw/pipeline';
import { writeChunksAtomic } from '../atomic-write.js';
import { EXIT, RuntimeFailure, UsageError, type ExitCode } from '../exit.js';
import { colours, type Io } from '../io.js';
import { reporter, type Reporter } from '../progress.js';
import { readJsonFile } from '../read-json.js';
import { assertFreshRunDir, newRunDir, newestRunDir } from '../run-dir.js';
import { flagFor, flagsOverlay, overlay } from '../train-flags.js';
import { curveRecorder } from '../run-curves.js';
import { WIRING_FILE } from './export.js';

export interface TrainOptions {
  readonly config?: string;
  readonly set?: readonly string[];
  readonly resume?: boolean;
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly snapshots?: number;
  readonly printConfig?: boolean;
  /** False (`--no-worker`): train on this thread, as a debugger or profiler expects. Default true. */
  readonly worker?: boolean;
  readonly [flag: string]: unknown;
}

/** A config error as the user typed it: `--lr (optimizer.lr): expected a positive number, got "x"`. */
const withFlag = (e: ConfigError, fromFlags: Record<string, unknown>): string => {
  const flag = flagFor(e.path);
  const given = flag !== undefined && e.path.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], fromFlags) !== undefined;
  return given ? `${flag} (${e.message})` : e.message;
};

/** The run directory: --out / checkpoint.dir, else the newest run (resume) or a new one under runs/. */
const chooseDir = async (raw: Record<string, unknown>, resume: boolean, io: Io): Promise<unknown> => {
  const dir = (raw.checkpoint as Record<string, unknown> | undefined)?.dir;
  if (typeof dir === 'string' && dir !== '') return resolve(io.cwd, dir);
  // Anything else that is not "unset" is for decodeConfig to reject, naming the field.
  if (dir !== undefined && dir !== null) return dir;
  return resume ? newestRunDir(io.cwd) : newRunDir(io.cwd, new Date());
};

/**
 * The config a `dnw train` command line means. An unset run directory becomes the newest run under
 * runs/ to resume, or with `assignDir` (a real run) a new one; otherwise it stays null, so a printed
 * config can be reused for many runs.
 */
export const decodeTrainConfig = async (opts: TrainOptions, io: Io, assignDir = true): Promise<Config> => {
  const file = opts.config !== undefined ? await readJsonFile(resolve(io.cwd, opts.config), 'config file') : {};
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    throw new UsageError(`config file ${opts.config}: expected a JSON object of settings`);
  }
  const fromFlags = flagsOverlay(opts, opts.set ?? []);
  const merged = overlay(file, fromFlags);
  const resume = (merged.checkpoint as Record<string, unknown> | undefined)?.resume === true;
  const decoded = decodeConfig(assignDir || resume ? overlay(merged, { checkpoint: { dir: await chooseDir(merged, resume, io) } }) : merged);
  if (decoded._tag === 'Left') throw new UsageError(decoded.left.map((e) => withFlag(e, fromFlags)).join('; '));
  return decoded.right;
};

/** Snapshots already in a run's wiring.json, to continue the history across `--resume`. */
const previousSnapshots = async (path: string): Promise<readonly WiringFileSnapshot[]> => {
  try {
    const decoded = decodeWiringHistoryFile(await readJsonFile(path, 'wiring history'));
    return decoded._tag === 'Right' ? decoded.right.snapshots : [];
  } catch {
    return [];
  }
};

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;

const summary = (done: DoneEvent, wiringPath: string | null, io: Io): string => {
  const c = colours(io, io.out);
  const lines = [
    `${c.green('test accuracy')} ${c.bold(percent(done.test.accuracy))} (loss ${done.test.loss.toFixed(4)}) after ${done.step} steps in ${done.seconds.toFixed(1)} s`,
    `${done.edges.toLocaleString('en-US')} edges chosen, ${done.liveNodes.toLocaleString('en-US')} live nodes, ${done.flops.toLocaleString('en-US')} FLOPs per example`,
    `model:      ${done.paths.model ?? '(not saved)'}`,
    `wiring:     ${wiringPath ?? '(not saved)'}`,
  ];
  if (done.paths.checkpoint !== null) lines.push(`checkpoint: ${done.paths.checkpoint}`);
  return `${lines.join('\n')}\n`;
};

export const budgetWarning = (requested: number, allowed: number): string =>
  `a budget of ${requested} edges was asked for, but this graph allows only ${allowed}: training uses all ${allowed}`;

/** An error event's exit code: a config the pipeline rejects is the user's; the rest are runtime. */
const exitFor = (e: ErrorEvent): ExitCode => (e.kind === 'config' ? EXIT.usage : EXIT.runtime);

export const trainCommand = async (opts: TrainOptions, io: Io): Promise<ExitCode> => {
  if (opts.printConfig === true) {
    io.out.write(`${JSON.stringify(await decodeTrainConfig(opts, io, false), null, 2)}\n`);
    return EXIT.ok;
  }
  const config = await decodeTrainConfig(opts, io);
  const json = opts.json === true;
  const quiet = opts.quiet === true;
  const dir = config.checkpoint.dir!;
  const wiringPath = join(dir, WIRING_FILE);
  const maxSnapshots = opts.snapshots ?? 32;
  if (!config.checkpoint.resume) await assertFreshRunDir(dir);
  // Made before training starts, so an --out that cannot be created fails at once, not at the first checkpoint.
  await makeDirs(dir, (level) => mkdir(level)).catch((err: unknown) => {
    throw new RuntimeFailure(`cannot create the run directory ${dir}: ${err instanceof Error ? err.message : String(err)}`);
  });
  const previous = config.checkpoint.resume ? await previousSnapshots(wiringPath) : [];
  const c = colours(io);
  // --json keeps stdout for events; narration then goes to stderr only if not --quiet.
  const show: Reporter = reporter(io, { quiet: quiet || json });
  const note = (line: string): void => {
    if (!quiet) show.say(line);
  };
  // A warning shows even with --quiet or --json (on stderr; stdout stays NDJSON).
  const warn = (line: string): void => {
    const text = c.yellow(`warning: ${line}`);
    if (quiet || json) io.err.write(`${text}\n`);
    else show.say(text);
  };

  let model: ModelSummary | null = null;
  let resumeStep = 0;
  const curves = curveRecorder();
  let history: PipelineWiringHistory | null = null;
  let done: DoneEvent | null = null;
  let failed: ErrorEvent | null = null;
  let lastStep = 0;
  let lastCheckpoint: { step: number; path: string } | null = null;
  const rewires = new Subject<TrainEvent>();
  rewires.pipe(wiringHistory()).subscribe((h) => (history = h));

  let writes: Promise<void> = Promise.resolve();
  let writeError: unknown = null;
  const saveWiring = (): Promise<void> => {
    if (model === null) return writes;
    const m = model;
    const h = history;
    const before = previous.filter((s) => s.step <= resumeStep);
    writes = writes
      .then(() => writeChunksAtomic(wiringPath, wiringHistoryChunks(m, h, curves.snapshotCurves(), maxSnapshots, before)))
      .catch((err: unknown) => {
        writeError = err;
      });
    return writes;
  };

  const inWorker = opts.worker !== false;
  note(c.dim(`run directory: ${dir}; training on ${inWorker ? 'a worker thread' : 'the main thread (--no-worker)'}`));
  return new Promise<ExitCode>((settle) => {
    let subscription: Subscription | null = null;
    let finished = false;
    const finish = (code: ExitCode, last: () => void): void => {
      if (finished) return;
      finished = true;
      process.removeListener('SIGINT', onSigint);
      process.removeListener('SIGTERM', onSigterm);
      show.stop();
      void saveWiring().then(() => {
        last();
        if (writeError !== null && code === EXIT.ok) {
          io.err.write(`${c.red('dnw: error:')} could not write ${wiringPath}: ${(writeError as Error).message}\n`);
          settle(EXIT.runtime);
          return;
        }
        settle(code);
      });
    };
    // Ctrl-C or a scheduler's SIGTERM: stop at the next step; the checkpoints on disk are the run's
    // state. A checkpoint or model.json being written is finished first (a second signal does not wait).
    let runSettled: () => void = () => {};
    const settled = new Promise<void>((resolve) => (runSettled = resolve));
    let stopping = false;
    const stopOn = (signal: NodeJS.Signals, code: ExitCode) => (): void => {
      subscription?.unsubscribe();
      const report = () => {
        const kept = lastCheckpoint ? `the checkpoint of step ${lastCheckpoint.step} is kept (${lastCheckpoint.path})` : 'no checkpoint was written yet';
        io.err.write(`\n${signal === 'SIGINT' ? 'interrupted' : 'terminated'} at step ${lastStep}; ${kept}\ncontinue with: dnw train --out ${dir} --resume\n`);
      };
      if (stopping) return finish(code, report);
      stopping = true;
      void settled.then(() => finish(code, report));
    };
    const onSigint = stopOn('SIGINT', EXIT.interrupted);
    const onSigterm = stopOn('SIGTERM', EXIT.terminated);
    process.on('SIGINT', onSigint);
    process.on('SIGTERM', onSigterm);

    // The worker reads MNIST and writes checkpoints and model.json itself through node:fs; this
    // thread keeps the progress, the NDJSON and the wiring history, so both paths look the same.
    const events = inWorker ? trainInWorker(config, { onTerminated: () => runSettled() }) : train(config, { onSettled: () => runSettled() });
    subscription = events.subscribe({
      next: (e) => {
        if (json) io.out.write(`${JSON.stringify(e)}\n`);
        else show.observe(e);
        rewires.next(e);
        curves.observe(e);
        switch (e.type) {
          case 'start':
            if (e.budgetClamped !== null) warn(budgetWarning(e.budgetClamped.requested, e.model.allowedEdges));
            model = e.model;
            resumeStep = e.resumedFrom?.step ?? 0;
            if (config.checkpoint.resume && e.resumedFrom === null) note(`no checkpoint in ${dir} yet: starting from step 0`);
            return;
          case 'step':
            lastStep = e.step;
            return;
          case 'checkpoint':
            lastCheckpoint = { step: e.step, path: e.path };
            void saveWiring();
            return;
          case 'done':
            done = e;
            return;
          case 'error':
            failed = e;
            return;
          default:
            return;
        }
      },
      error: (err: unknown) => {
        finish(EXIT.runtime, () => io.err.write(`${c.red('dnw: error:')} ${err instanceof Error ? err.message : String(err)}\n`));
      },
      complete: () => {
        rewires.complete();
        if (failed !== null) {
          const f: ErrorEvent = failed;
          finish(exitFor(f), () => {
            const at = f.step !== null ? ` at step ${f.step}` : '';
            io.err.write(`${c.red('dnw: error:')} training failed${at} (${f.kind}): ${f.message}\n`);
          });
          return;
        }
        if (done === null) {
          finish(EXIT.runtime, () => io.err.write(`${c.red('dnw: error:')} training ended without a result\n`));
          return;
        }
        const d: DoneEvent = done;
        finish(EXIT.ok, () => {
          const text = summary(d, model !== null ? wiringPath : null, io);
          if (!json) io.out.write(text);
          else if (!quiet) io.err.write(text);
        });
      },
    });
  });
};
