/**
 * One run through the `dnw` CLI in its own process: `dnw train --config <file> --json`, reading its
 * NDJSON events into a run record. A separate process per run lets two runs use the two cores, and a
 * crash loses one run, not the sweep.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { DoneEvent, ErrorEvent, TrainEvent } from '@dnw/pipeline';
import type { ChurnPoint, EvalPoint } from '@dnw/report';

export interface CliOutcome {
  readonly done: DoneEvent;
  readonly epochs: number;
  readonly churn: ChurnPoint[];
  readonly evals: EvalPoint[];
}

export interface CliRun {
  readonly cliMain: string;
  readonly configPath: string;
  /** Sees every event as it arrives (progress lines). */
  readonly onProgress?: (e: TrainEvent) => void;
}

/** Collects the events of one run; the outcome or a message saying why there is none. */
export const collectEvents = () => {
  const churn: ChurnPoint[] = [];
  const evals: EvalPoint[] = [];
  let done: DoneEvent | null = null;
  let error: ErrorEvent | null = null;
  let stepsPerEpoch = 0;
  return {
    add(e: TrainEvent): void {
      switch (e.type) {
        case 'start':
          stepsPerEpoch = e.stepsPerEpoch;
          break;
        case 'rewire':
          churn.push({ step: e.step, added: e.added.length, removed: e.removed.length, edges: e.edges });
          break;
        case 'eval':
          if (e.split === 'test') evals.push({ step: e.step, accuracy: e.accuracy });
          break;
        case 'done':
          done = e;
          break;
        case 'error':
          error = e;
          break;
        default:
          break;
      }
    },
    outcome(): CliOutcome | string {
      if (error !== null) return `${error.kind} error at step ${error.step ?? '-'}: ${error.message}`;
      if (done === null) return 'the run ended without a done event';
      const d: DoneEvent = done;
      return { done: d, epochs: stepsPerEpoch > 0 ? d.step / stepsPerEpoch : 0, churn, evals };
    },
  };
};

export const runCli = ({ cliMain, configPath, onProgress }: CliRun): Promise<CliOutcome> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cliMain, 'train', '--config', configPath, '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const events = collectEvents();
    const stderr: string[] = [];
    const lines = createInterface({ input: child.stdout });
    lines.on('line', (line) => {
      if (line.trim() === '') return;
      let e: TrainEvent;
      try {
        e = JSON.parse(line) as TrainEvent;
      } catch {
        stderr.push(`(stdout, not JSON) ${line.slice(0, 200)}`);
        return;
      }
      events.add(e);
      onProgress?.(e);
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      stderr.push(chunk);
      if (stderr.length > 50) stderr.shift();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      const out = events.outcome();
      if (typeof out !== 'string') resolve(out);
      else reject(new Error(`${out} (exit code ${code}); stderr: ${stderr.join('').trim().slice(-800) || '(empty)'}`));
    });
  });
