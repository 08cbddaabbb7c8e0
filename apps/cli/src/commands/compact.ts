/**
 * `dnw compact <model.json|run-dir> [-o file]`: the saved model without its dead nodes, as a smaller
 * model file that `dnw eval` (or `modelFromJSON`) reads like any other. Its logits equal the full
 * model's (see @dnw/graph's `compact` for how exactly, per kind).
 */
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { compact, liveness, modelKind, modelToJSON, type Model } from '@dnw/graph';
import { writeFileAtomic } from '../atomic-write.js';
import { EXIT, UsageError, type ExitCode } from '../exit.js';
import { colours, type Io } from '../io.js';
import { loadModel, modelPath } from './eval.js';

export const COMPACT_FILE = 'model.compact.json';

/** One side of `dnw compact --json`'s `before` / `after`. */
export interface Size {
  readonly nodes: number;
  readonly hidden: number;
  readonly edges: number;
  readonly flops: number;
  /** Of the model file. */
  readonly bytes: number;
}

const sizeOf = (model: Model): Omit<Size, 'bytes'> => {
  const live = liveness(model);
  return { nodes: model.nodes.count, hidden: live.hidden, edges: live.edges, flops: live.flops };
};

export const compactCommand = async (input: string, opts: { output?: string; json?: boolean }, io: Io): Promise<ExitCode> => {
  const path = await modelPath(resolve(io.cwd, input));
  const model = await loadModel(path);
  const kind = model.spec.kind;
  if (modelKind(kind)?.compact === undefined) throw new UsageError(`${path}: ${kind} models have no compaction`);
  const small = compact(model);
  const target = resolve(io.cwd, opts.output ?? join(dirname(path), COMPACT_FILE));
  await writeFileAtomic(target, `${JSON.stringify(modelToJSON(small))}\n`);
  // The file holds the chosen edges' mask explicitly (strategy 'fixed'): with no dead node to
  // remove it is larger than the original, which keeps only the weights. Say so with the sizes.
  const before: Size = { ...sizeOf(model), bytes: (await stat(path)).size };
  const after: Size = { ...sizeOf(small), bytes: (await stat(target)).size };
  if (opts.json === true) {
    io.out.write(`${JSON.stringify({ model: path, output: target, kind, before, after })}\n`);
    return EXIT.ok;
  }
  const c = colours(io, io.out);
  const n = (x: number): string => x.toLocaleString('en-US');
  const change = (key: keyof Size, what: string) => `${what} ${n(before[key])} -> ${c.bold(n(after[key]))}`;
  const none = after.hidden === before.hidden ? ' (every hidden node is live: nothing to remove)' : '';
  io.out.write(
    `${c.bold(path)} (${kind} model): ${change('hidden', 'hidden nodes')}, ${change('edges', 'edges')}, ${change('flops', 'FLOPs per example')}${none}\n` +
      `wrote ${target} (${n(after.bytes)} bytes; the model file has ${n(before.bytes)})\n`,
  );
  return EXIT.ok;
};
