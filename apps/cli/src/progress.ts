/**
 * What a person watching `dnw train` sees on stderr: a progress bar with loss, accuracy, speed and
 * ETA when stderr is a terminal, and one line per milestone (start, evaluation, epoch, checkpoint)
 * either way. Nothing here writes to stdout.
 */
import cliProgress from 'cli-progress';
import type { ModelSummary, StartEvent, TrainEvent } from '@dnw/pipeline';
import { colours, type Colours, type Io } from './io.js';

export interface Reporter {
  observe(e: TrainEvent): void;
  /** Stops the bar (if any) so later lines print cleanly. */
  stop(): void;
  /** A line of narration that does not disturb the bar. */
  say(line: string): void;
}

const percent = (x: number): string => `${(100 * x).toFixed(2)}%`;
const thousands = (n: number): string => n.toLocaleString('en-US');

export const describeModel = (m: ModelSummary): string => {
  const [first, ...rest] = m.blocks;
  const hidden = rest.slice(0, -1);
  const last = rest[rest.length - 1];
  const layout = `${first ?? 0} / ${hidden.join(' ') || '-'} / ${last ?? 0}`;
  const share = m.allowedEdges > 0 ? ` (${percent(m.budget / m.allowedEdges)})` : '';
  return `${m.kind} graph, ${thousands(m.nodes)} nodes (${layout}), ${thousands(m.budget)} of ${thousands(m.allowedEdges)} allowed edges${share}, strategy ${m.strategy}, ${m.backend} backend`;
};

const describeStart = (e: StartEvent): string => {
  const resumed = e.resumedFrom ? `, resuming at step ${e.resumedFrom.step} from ${e.resumedFrom.path}` : '';
  return `training a ${describeModel(e.model)}; ${thousands(e.totalSteps)} steps (${thousands(e.stepsPerEpoch)} per epoch)${resumed}`;
};

/** The milestone line for an event, or null for events that only move the bar. */
export const narrate = (e: TrainEvent, c: Colours): string | null => {
  switch (e.type) {
    case 'start':
      return c.bold(describeStart(e));
    case 'eval':
      return `${c.cyan(`epoch ${e.epoch + 1}`)} step ${e.step}: ${e.split} loss ${e.loss.toFixed(4)}, accuracy ${c.bold(percent(e.accuracy))}`;
    case 'epoch':
      return `${c.cyan(`epoch ${e.epoch + 1}`)} done: training loss ${e.loss.toFixed(4)} in ${e.seconds.toFixed(1)} s`;
    case 'checkpoint':
      return c.dim(`checkpoint at step ${e.step}: ${e.path}`);
    default:
      return null;
  }
};

/** Lines only: for a pipe or a log file; `quiet` prints nothing. */
const lineReporter = (io: Io, c: Colours, quiet: boolean): Reporter => {
  const say = (line: string): void => {
    if (!quiet) io.err.write(`${line}\n`);
  };
  return {
    say,
    stop: () => {},
    observe: (e) => {
      const line = narrate(e, c);
      if (line !== null) say(line);
    },
  };
};

/** The bar, with the milestone lines printed above it. */
const barReporter = (io: Io, c: Colours): Reporter => {
  const multi = new cliProgress.MultiBar(
    {
      stream: io.err as unknown as NodeJS.WritableStream,
      format: `${c.cyan('{bar}')} {percentage}% | step {value}/{total} | loss {loss} | acc {accuracy} | {speed} ex/s | ETA {eta_formatted}`,
      barsize: 24,
      hideCursor: true,
      clearOnComplete: true,
      etaBuffer: 200,
      fps: 8,
    },
    cliProgress.Presets.shades_classic,
  );
  let bar: cliProgress.SingleBar | null = null;
  let stopped = false;
  const say = (line: string): void => {
    if (bar && !stopped) multi.log(`${line}\n`);
    else io.err.write(`${line}\n`);
  };
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    multi.stop();
  };
  return {
    say,
    stop,
    observe: (e) => {
      // Checkpoints come every epoch: on a terminal the bar is enough, and the summary names the last.
      const line = e.type === 'checkpoint' ? null : narrate(e, c);
      if (line !== null) say(line);
      switch (e.type) {
        case 'start':
          bar = multi.create(e.totalSteps, e.resumedFrom?.step ?? 0, { loss: '-', accuracy: '-', speed: '-' });
          return;
        case 'step':
          bar?.update(e.step, { loss: e.loss.toFixed(4), speed: thousands(Math.round(e.examplesPerSec)) });
          return;
        case 'eval':
          bar?.update({ accuracy: percent(e.accuracy) });
          return;
        case 'done':
        case 'error':
          stop();
          return;
        default:
          return;
      }
    },
  };
};

export const reporter = (io: Io, opts: { quiet: boolean }): Reporter => {
  const c = colours(io);
  return io.err.isTTY === true && !opts.quiet ? barReporter(io, c) : lineReporter(io, c, opts.quiet);
};
