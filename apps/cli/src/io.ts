/**
 * Where a command writes. Data (NDJSON, JSON, tables a script may parse) goes to `out`;
 * narration, progress and errors go to `err`. Tests pass their own sinks.
 */
import pc from 'picocolors';

export interface Sink {
  write(chunk: string): unknown;
  readonly isTTY?: boolean;
  readonly columns?: number;
}

export interface Io {
  readonly out: Sink;
  readonly err: Sink;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
}

export const processIo = (): Io => ({
  out: process.stdout,
  err: process.stderr,
  env: process.env,
  cwd: process.cwd(),
});

/**
 * Colour per stream: picocolors' own switch looks at stdout, which is a pipe under `--json` while
 * stderr may still be a terminal, so its rules are applied here to the stream being written:
 * NO_COLOR (non-empty) wins, then FORCE_COLOR, then a terminal that is not `dumb`.
 */
export const colourEnabled = (io: Io, sink: Sink = io.err): boolean => {
  if ((io.env.NO_COLOR ?? '') !== '') return false;
  if (io.env.FORCE_COLOR !== undefined && io.env.FORCE_COLOR !== '0') return true;
  return sink.isTTY === true && io.env.TERM !== 'dumb';
};

export type Colours = ReturnType<typeof pc.createColors>;

/** Colours for text written to `sink` (stderr unless said otherwise). */
export const colours = (io: Io, sink: Sink = io.err): Colours => pc.createColors(colourEnabled(io, sink));
