/**
 * Runs a sweep: skips runs already recorded, runs parents before the runs staged from them, keeps
 * `parallel` CLI processes busy, and appends one record per finished run.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { decodeConfig, formatConfigErrors, type Config } from '@dnw/pipeline';
import { RECORD_VERSION, type RunRecord } from '@dnw/report';
import { appendRecord, readRecords } from './records-file.js';
import { runCli, type CliOutcome } from './run-cli.js';
import { readParent, stageModel, writeStageCheckpoint, MODEL_FILE } from './stage.js';
import type { Mode, RunSpec } from './sweeps.js';

export interface ExecuteOptions {
  readonly runs: readonly RunSpec[];
  readonly mode: Mode;
  /** Sweep directory: records.ndjson and one run directory per run. */
  readonly out: string;
  readonly cliMain: string;
  readonly parallel: number;
  readonly log: (line: string) => void;
}

export interface ExecuteResult {
  readonly ran: number;
  readonly skipped: number;
  readonly failed: readonly { readonly id: string; readonly message: string }[];
}

export const recordsPath = (out: string): string => join(out, 'records.ndjson');
export const runDir = (out: string, id: string): string => join(out, 'runs', ...id.split('/'));

/** The full config a run trains with (its own directory, resumable). */
export const configOf = (run: RunSpec, out: string): Config => {
  const decoded = decodeConfig({ ...run.config, checkpoint: { ...run.config.checkpoint, dir: runDir(out, run.id), resume: true } });
  if (decoded._tag === 'Left') throw new Error(`run ${run.id}: ${formatConfigErrors(decoded.left)}`);
  return decoded.right;
};

export const toRecord = (run: RunSpec, mode: Mode, config: Config, o: CliOutcome, parent: RunRecord | null): RunRecord => ({
  v: RECORD_VERSION,
  id: run.id,
  group: run.group,
  mode,
  variant: run.variant,
  kind: config.model.kind,
  strategy: run.strategy,
  keep: run.keep,
  budget: o.done.edges,
  seed: run.seed,
  epochs: round(o.epochs + (parent?.epochs ?? 0)),
  steps: o.done.step,
  testAccuracy: o.done.test.accuracy,
  testLoss: o.done.test.loss,
  edges: o.done.edges,
  liveNodes: o.done.liveNodes,
  flops: o.done.flops * evaluationsPerExample(config),
  // A staged run's cost includes its parent's training: fine-tune needs the complete graph first.
  seconds: o.done.seconds + (parent?.seconds ?? 0),
  churn: o.churn,
  evals: o.evals,
});

/**
 * Forward evaluations of the wiring per example. The done event counts one pass through the chosen
 * edges; a discrete-time graph makes T of them and RK4 four per step (dopri5's count varies: 1 here).
 */
export const evaluationsPerExample = (config: Config): number => {
  const m = config.model;
  if (m.kind === 'discrete') return m.timeSteps;
  if (m.kind === 'continuous' && m.solver === 'rk4') return 4 * m.timeSteps;
  return 1;
};

const round = (x: number): number => Math.round(x * 1000) / 1000;

export const execute = async (opts: ExecuteOptions): Promise<ExecuteResult> => {
  const { runs, mode, out, log } = opts;
  const file = recordsPath(out);
  const done = new Map((await readRecords(file)).map((r) => [r.id, r]));
  const todo = runs.filter((r) => !done.has(r.id));
  const skipped = runs.length - todo.length;
  if (skipped > 0) log(`${skipped} of ${runs.length} runs already in ${file}: skipped`);
  const failed: { id: string; message: string }[] = [];
  const failedIds = new Set<string>();
  let ran = 0;
  const started = Date.now();

  const parentOf = (run: RunSpec): string | null => (run.stage !== null && 'parent' in run.stage ? run.stage.parent : null);
  const pending = [...todo];
  const running = new Set<Promise<void>>();

  const runOne = async (run: RunSpec): Promise<void> => {
    const config = configOf(run, out);
    const dir = runDir(out, run.id);
    await mkdir(dir, { recursive: true });
    const parentId = parentOf(run);
    const parent = parentId === null ? null : (done.get(parentId) ?? null);
    if (run.stage !== null) {
      const parentModel = parentId === null ? null : await readParent(join(runDir(out, parentId), MODEL_FILE));
      // A run resumed after an interruption already has later checkpoints; the step-0 one is only for a fresh start.
      await writeStageCheckpoint(dir, config, stageModel(run.stage, config, parentModel));
    }
    const configPath = join(dir, 'config.json');
    await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
    const t0 = Date.now();
    const outcome = await runCli({ cliMain: opts.cliMain, configPath });
    const record = toRecord(run, mode, config, outcome, parent);
    await appendRecord(file, record);
    done.set(run.id, record);
    ran++;
    log(
      `[${ran + failed.length}/${todo.length}] ${run.id}: ${(100 * record.testAccuracy).toFixed(2)}% test, ${record.edges} edges, ` +
        `${((Date.now() - t0) / 1000).toFixed(0)} s (sweep ${((Date.now() - started) / 60000).toFixed(1)} min)`,
    );
  };

  const ready = (run: RunSpec): 'ready' | 'wait' | 'blocked' => {
    const p = parentOf(run);
    if (p === null || done.has(p)) return 'ready';
    if (failedIds.has(p) || !runs.some((r) => r.id === p)) return 'blocked';
    return 'wait';
  };

  while (pending.length > 0 || running.size > 0) {
    let started1 = false;
    for (let i = 0; i < pending.length && running.size < opts.parallel; ) {
      const run = pending[i];
      const state = ready(run);
      if (state === 'wait') {
        i++;
        continue;
      }
      pending.splice(i, 1);
      if (state === 'blocked') {
        failed.push({ id: run.id, message: `its parent ${parentOf(run)} did not finish` });
        failedIds.add(run.id);
        continue;
      }
      started1 = true;
      const p: Promise<void> = runOne(run)
        .catch((err: unknown) => {
          const message = err instanceof Error ? err.message : String(err);
          failed.push({ id: run.id, message });
          failedIds.add(run.id);
          log(`FAILED ${run.id}: ${message}`);
        })
        .finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size === 0 && !started1) {
      // Nothing runs and nothing can start: every pending run waits on a parent outside this sweep.
      for (const run of pending.splice(0)) failed.push({ id: run.id, message: `its parent ${parentOf(run)} is not in this sweep or its records` });
      break;
    }
    if (running.size > 0) await Promise.race(running);
  }
  return { ran, skipped, failed };
};
