import * as t from 'io-ts';
import { isLeft } from 'fp-ts/lib/Either.js';
import type { MlpSpec, StaticSpec } from './model.js';
import type { StrategySpec } from './strategy.js';

/**
 * io-ts codecs of the specs (the JSON boundary). Structure is checked by io-ts, ranges by the
 * `check*` functions that `create*` also runs, so a spec is validated by one piece of code either way.
 */

const plainStrategy = t.type({
  name: t.keyof({ dnw: null, 'dnw-no-update': null, random: null, complete: null, 'fine-tune': null, lottery: null, fixed: null }),
});
const dropoutStrategy = t.type({
  name: t.keyof({ 'targeted-dropout': null, 'targeted-dropout-node': null }),
  dropRate: t.number,
});

export const strategySpecCodec: t.Type<StrategySpec, StrategySpec, unknown> = new t.Type<StrategySpec, StrategySpec, unknown>(
  'StrategySpec',
  (u): u is StrategySpec => plainStrategy.is(u) || dropoutStrategy.is(u),
  (u, c) => {
    const name = typeof u === 'object' && u !== null ? (u as { name?: unknown }).name : undefined;
    const decoded = name === 'targeted-dropout' || name === 'targeted-dropout-node' ? dropoutStrategy.validate(u, c) : plainStrategy.validate(u, c);
    if (isLeft(decoded)) return decoded;
    const s = decoded.right as StrategySpec;
    if ('dropRate' in s && !(s.dropRate >= 0 && s.dropRate <= 1)) {
      return t.failure(u, t.appendContext(c, 'dropRate', t.number, s.dropRate), `must be in [0, 1], got ${s.dropRate}`);
    }
    return t.success('dropRate' in s ? { name: s.name, dropRate: s.dropRate } : { name: s.name });
  },
  t.identity,
);

const posInt = (n: unknown): boolean => typeof n === 'number' && Number.isInteger(n) && n >= 1;
const fraction = (n: number): boolean => n >= 0 && n <= 1;

/** The first range problem of an MLP spec as `field: problem`, or null. */
export function checkMlpSpec(spec: MlpSpec): string | null {
  if (spec.sizes.length < 2) return `sizes: needs at least 2 entries, got ${spec.sizes.length}`;
  for (let i = 0; i < spec.sizes.length; i++) if (!posInt(spec.sizes[i])) return `sizes[${i}]: must be a positive integer, got ${spec.sizes[i]}`;
  if (!fraction(spec.keep)) return `keep: must be in [0, 1], got ${spec.keep}`;
  const per = spec.keepPerLayer;
  if (per !== undefined) {
    if (per.length !== spec.sizes.length - 1) return `keepPerLayer: needs ${spec.sizes.length - 1} entries, got ${per.length}`;
    for (let i = 0; i < per.length; i++) {
      const v = per[i];
      if (v !== null && !fraction(v)) return `keepPerLayer[${i}]: must be in [0, 1] or null, got ${v}`;
    }
  }
  return null;
}

/** The first range problem of a static-graph spec as `field: problem`, or null. */
export function checkStaticSpec(spec: StaticSpec): string | null {
  if (!posInt(spec.inputs)) return `inputs: must be a positive integer, got ${spec.inputs}`;
  if (!posInt(spec.outputs)) return `outputs: must be a positive integer, got ${spec.outputs}`;
  for (let i = 0; i < spec.blocks.length; i++) if (!posInt(spec.blocks[i])) return `blocks[${i}]: must be a positive integer, got ${spec.blocks[i]}`;
  if (!(Number.isInteger(spec.edges) && spec.edges >= 0)) return `edges: must be a non-negative integer, got ${spec.edges}`;
  return null;
}

/**
 * A codec that decodes `base` and then runs a range check whose message starts with the field it
 * names (`field: problem`); every spec codec with a `check*` function is built by it.
 */
export function withRangeCheck<A>(name: string, base: t.Decoder<unknown, A>, check: (a: A) => string | null): t.Type<A, A, unknown> {
  return new t.Type<A, A, unknown>(
    name,
    (u): u is A => {
      const d = base.decode(u);
      return !isLeft(d) && check(d.right) === null;
    },
    (u, c) => {
      // The base joins the context under an empty key, so its member indices are recognised as such.
      const decoded = base.validate(u, t.appendContext(c, '', base as unknown as t.Decoder<unknown, A>, u));
      if (isLeft(decoded)) return decoded;
      const problem = check(decoded.right);
      if (problem === null) return decoded;
      const at = problem.indexOf(': ');
      return t.failure(u, t.appendContext(c, problem.slice(0, at), t.unknown, u), problem.slice(at + 2));
    },
    t.identity,
  );
}

const mlpBase = t.intersection([
  t.type({ kind: t.literal('mlp'), sizes: t.array(t.number), keep: t.number, strategy: strategySpecCodec }),
  t.partial({ keepPerLayer: t.array(t.union([t.number, t.null])) }),
]);

export const mlpSpecCodec: t.Type<MlpSpec, MlpSpec, unknown> = withRangeCheck<MlpSpec>('MlpSpec', mlpBase, checkMlpSpec);

const staticBase = t.intersection([
  t.type({
    kind: t.literal('static'),
    inputs: t.number,
    blocks: t.array(t.number),
    outputs: t.number,
    edges: t.number,
    strategy: strategySpecCodec,
  }),
  t.partial({ norm: t.keyof({ batch: null, none: null }), outputBias: t.boolean, maskBackwardEdges: t.boolean }),
]);

export const staticSpecCodec: t.Type<StaticSpec, StaticSpec, unknown> = withRangeCheck<StaticSpec>('StaticSpec', staticBase, checkStaticSpec);

/**
 * io-ts errors as one line naming the field, e.g. `spec.blocks[2]: expected number, got "x"`.
 * The deepest error is reported: it is the most specific one a union produced.
 */
export function describeErrors(errors: t.Errors, root = ''): string {
  if (errors.length === 0) return `${root}: invalid`;
  let best = errors[0];
  for (const e of errors) if (pathOf(e.context).length > pathOf(best.context).length) best = e;
  let at = root;
  for (const k of pathOf(best.context)) at += /^\d+$/.test(k) ? `[${k}]` : at === '' ? k : `.${k}`;
  const last = best.context[best.context.length - 1];
  const expected = best.message ?? `expected ${last?.type.name ?? 'a value'}, got ${show(best.value)}`;
  return `${at === '' ? '(root)' : at}: ${expected}`;
}

function pathOf(context: t.Context): string[] {
  const out: string[] = [];
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1].type as unknown as { _tag?: string };
    // Union and intersection members are indexed by member number, which is not a field.
    if (parent._tag === 'UnionType' || parent._tag === 'IntersectionType') continue;
    if (context[i].key !== '') out.push(context[i].key);
  }
  return out;
}

function show(v: unknown): string {
  if (v === undefined) return 'nothing';
  try {
    const s = JSON.stringify(v);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(v);
  }
}
