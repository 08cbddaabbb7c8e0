/**
 * Runs the BUILT `dnw` (apps/cli/dist/main.js) as a child process, the way a user runs it.
 * `npm test` builds first (turbo run build); alone, run `npx turbo run build --filter=@dnw/cli` first.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TrainEvent } from '@dnw/pipeline';

export const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export const assertBuilt = (): void => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: build first (npx turbo run build --filter=@dnw/cli)`);
};

export interface Run {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

export interface RunOptions {
  readonly cwd?: string;
  /** Called with each stdout chunk; may signal the child (e.g. SIGINT after the first step). */
  readonly onStdout?: (chunk: string, child: { kill(signal: NodeJS.Signals): boolean }) => void;
  readonly timeoutMs?: number;
  /** Extra environment; NO_COLOR=1 is set unless overridden. */
  readonly env?: Record<string, string>;
}

export const dnw = (args: readonly string[], opts: RunOptions = {}): Promise<Run> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [MAIN, ...args], {
      cwd: opts.cwd ?? process.cwd(),
      env: opts.env ? { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...opts.env } : { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      opts.onStdout?.(s, child);
    });
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`dnw ${args.join(' ')} timed out; stderr: ${stderr}`));
    }, opts.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    });
  });

export const tempDir = (): string => mkdtempSync(join(tmpdir(), 'dnw-cli-'));

/** Lines of a text without the final empty one. */
export const lines = (s: string): string[] => s.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));

/** `dnw train` small enough for a test: synthetic blobs, a 16-16 static graph, the js backend; `extra` flags last. */
export const tinyTrain = (out: string, steps: number, ...extra: string[]): string[] => [
  'train',
  '--dataset', 'synthetic',
  '--hidden', '16,16',
  '--steps', String(steps),
  '--backend', 'js',
  '--out', out,
  ...extra,
];

/** The events of a `--json` run's stdout, one JSON object a line. */
export const events = (stdout: string): TrainEvent[] => lines(stdout).map((l) => JSON.parse(l) as TrainEvent);
