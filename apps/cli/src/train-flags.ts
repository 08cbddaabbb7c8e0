/**
 * `dnw train`'s flags as a partial config laid over the config file. Flags carry raw values only:
 * `decodeConfig` is the one judge of what a field accepts, so a bad flag and a bad file key get the
 * same message naming the field.
 */
import { BACKENDS, DATASETS, FROM_STRATEGIES, MODEL_KINDS, STRATEGIES } from '@dnw/pipeline';
import { UsageError } from './exit.js';

/** One flag and the config path it sets. */
export interface ConfigFlag {
  readonly flag: string;
  readonly arg: string;
  readonly path: string;
  readonly description: string;
  /** How the text becomes a JSON value before decoding. */
  readonly parse: (text: string) => unknown;
}

/** `12` -> 12, `1e-3` -> 0.001; anything else stays text so the decoder names the field and the value. */
export const numberOrText = (text: string): unknown => {
  const n = Number(text);
  return text.trim() !== '' && Number.isFinite(n) ? n : text;
};

/** `100,100` -> [100, 100]; items that are not numbers stay text for the decoder to reject. */
export const listOf = (text: string): unknown => text.split(',').map((s) => numberOrText(s.trim()));

const asText = (text: string): unknown => text;

export const CONFIG_FLAGS: readonly ConfigFlag[] = [
  { flag: '--epochs', arg: '<n>', path: 'epochs', description: 'training epochs', parse: numberOrText },
  { flag: '--steps', arg: '<n>', path: 'steps', description: 'total optimiser steps (overrides --epochs)', parse: numberOrText },
  { flag: '--batch-size', arg: '<n>', path: 'batchSize', description: 'examples per step', parse: numberOrText },
  { flag: '--lr', arg: '<rate>', path: 'optimizer.lr', description: 'peak learning rate', parse: numberOrText },
  { flag: '--budget', arg: '<k>', path: 'model.budget', description: 'edge budget: a fraction of allowed edges (<= 1) or an edge count', parse: numberOrText },
  { flag: '--strategy', arg: '<name>', path: 'model.strategy', description: `edge strategy: ${STRATEGIES.join(', ')}`, parse: asText },
  {
    flag: '--from',
    arg: '<model.json>',
    path: 'model.from.path',
    description: `start from a trained model's frozen top-k mask, with --strategy ${FROM_STRATEGIES.join(' or ')}`,
    parse: asText,
  },
  { flag: '--model', arg: '<kind>', path: 'model.kind', description: `graph kind: ${MODEL_KINDS.join(', ')}`, parse: asText },
  { flag: '--hidden', arg: '<sizes>', path: 'model.hidden', description: 'hidden block sizes, comma-separated (e.g. 100,100,100)', parse: listOf },
  { flag: '--seed', arg: '<n>', path: 'seed', description: 'random seed', parse: numberOrText },
  { flag: '--backend', arg: '<name>', path: 'backend', description: `kernels: ${BACKENDS.join(', ')}`, parse: asText },
  { flag: '--dataset', arg: '<name>', path: 'data.dataset', description: `dataset: ${DATASETS.join(', ')}`, parse: asText },
  { flag: '--out', arg: '<dir>', path: 'checkpoint.dir', description: 'run directory for checkpoints, model.json and wiring.json (default runs/<timestamp>)', parse: asText },
];

/** Turns a dotted path and a value into a nested object: `a.b`, 1 -> { a: { b: 1 } }. */
const nest = (path: string, value: unknown): Record<string, unknown> =>
  path
    .split('.')
    .reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/** Deep merge of JSON objects: `over` wins; arrays and scalars are replaced, not merged. */
export const overlay = (base: unknown, over: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = isRecord(base) ? { ...base } : {};
  for (const [key, value] of Object.entries(over)) {
    out[key] = isRecord(value) && isRecord(out[key]) ? overlay(out[key], value) : value;
  }
  return out;
};

/**
 * `--set a.b=value` for any config field without its own flag. The value is read as JSON when it
 * parses (numbers, booleans, lists, null), else as text.
 */
export const parseSetting = (text: string): { path: string; value: unknown } => {
  const eq = text.indexOf('=');
  if (eq <= 0) throw new UsageError(`--set expects key=value (e.g. optimizer.momentum=0.95), got "${text}"`);
  const path = text.slice(0, eq).trim();
  const raw = text.slice(eq + 1);
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    value = raw;
  }
  return { path, value };
};

/** Flag values (as commander's camelCased option keys) laid over the file's object, in a fixed order. */
export const flagsOverlay = (opts: Record<string, unknown>, settings: readonly string[]): Record<string, unknown> => {
  let out: Record<string, unknown> = {};
  for (const s of settings) {
    const { path, value } = parseSetting(s);
    out = overlay(out, nest(path, value));
  }
  for (const f of CONFIG_FLAGS) {
    const value = opts[optionKey(f.flag)];
    if (typeof value === 'string') out = overlay(out, nest(f.path, f.parse(value)));
  }
  if (opts.resume === true) out = overlay(out, nest('checkpoint.resume', true));
  checkFrom(opts);
  return out;
};

/**
 * `--from` says where the trained model is and `--strategy` how to start from it (model.strategy
 * fills model.from.as); any other strategy with --from is a mistake on the command line itself.
 */
const checkFrom = (opts: Record<string, unknown>): void => {
  const from = opts[optionKey('--from')];
  const strategy = opts[optionKey('--strategy')];
  if (typeof from !== 'string' || typeof strategy !== 'string') return;
  if (!(FROM_STRATEGIES as readonly string[]).includes(strategy)) {
    throw new UsageError(`--from starts from a trained model as ${FROM_STRATEGIES.map((s) => `--strategy ${s}`).join(' or ')}, got --strategy ${strategy}`);
  }
};

/** commander's attribute name for a long flag: `--batch-size` -> `batchSize`. */
export const optionKey = (flag: string): string => flag.replace(/^--/, '').replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The flag that sets a config path, for messages ("--lr (optimizer.lr): ..."). */
export const flagFor = (path: string): string | undefined => CONFIG_FLAGS.find((f) => f.path === path)?.flag;
