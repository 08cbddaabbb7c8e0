/**
 * The io-ts pieces the config codec is built from: strict objects (unknown keys are errors that name
 * them), defaults for missing keys, and a reporter that turns io-ts's context chains into
 * `model.hidden[1]: expected a positive integer, got -3`.
 */
import * as t from 'io-ts';

/** A decoding problem with one field. `message` starts with the path, ready to print. */
export interface ConfigError {
  readonly _tag: 'ConfigError';
  /** Dotted path of the field, e.g. `optimizer.schedule.kind`; `config` for the whole object. */
  readonly path: string;
  readonly message: string;
}

export const configError = (path: string, reason: string): ConfigError => ({
  _tag: 'ConfigError',
  path,
  message: `${path}: ${reason}`,
});

/** A leaf codec whose name is the phrase the error message uses ("a positive integer"). */
export const leaf = <A>(name: string, is: (u: unknown) => u is A): t.Type<A, A, unknown> =>
  new t.Type<A, A, unknown>(name, is, (u, c) => (is(u) ? t.success(u) : t.failure(u, c)), t.identity);

/** One of some string literals; the name lists them for the message. */
export const oneOf = <L extends string>(...values: readonly L[]): t.Type<L, L, unknown> =>
  leaf(`one of ${values.map((v) => JSON.stringify(v)).join(', ')}`, (u): u is L =>
    typeof u === 'string' && (values as readonly string[]).includes(u),
  );

/**
 * Missing (undefined) decodes as if `raw` had been given; anything else must decode with `codec`.
 * `raw` is input, not output, so a nested object's default can be `{}` and take its fields' defaults.
 */
export const withDefault = <C extends t.Mixed>(codec: C, raw: unknown): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type(codec.name, codec.is, (u, c) => codec.validate(u === undefined ? raw : u, c), codec.encode);

const UNKNOWN_KEY = new t.Type<never, never, unknown>('unknown key', (_): _ is never => false, (u, c) => t.failure(u, c), t.identity);

const isRecord = (u: unknown): u is Record<string, unknown> => typeof u === 'object' && u !== null && !Array.isArray(u);

/**
 * An object with exactly these keys: extra keys are errors naming them (io-ts's `exact` alone would
 * drop them silently, hiding a typo like `learningRate` for `lr`), and the result holds only `props`.
 */
export const strictObject = <P extends t.Props>(name: string, props: P): t.Type<t.TypeOf<t.TypeC<P>>, t.OutputOf<t.TypeC<P>>, unknown> => {
  const exact = t.exact(t.type(props));
  const allowed = Object.keys(props);
  return new t.Type(
    name,
    exact.is,
    (u, c) => {
      if (!isRecord(u)) return t.failure(u, c);
      const extra: t.ValidationError[] = Object.keys(u)
        .filter((k) => !Object.prototype.hasOwnProperty.call(props, k))
        .map((k) => ({
          value: u[k],
          context: [...c, { key: k, type: UNKNOWN_KEY, actual: u[k] }],
          message: `unknown key (allowed: ${allowed.join(', ')})`,
        }));
      const inner = exact.validate(u, c);
      if (extra.length === 0) return inner;
      return t.failures(inner._tag === 'Left' ? [...extra, ...inner.left] : extra);
    },
    exact.encode,
  );
};

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing';
  try {
    const s = JSON.stringify(u);
    if (s === undefined) return String(u);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(u);
  }
};

const pathOf = (context: t.Context): string => {
  let path = '';
  for (let i = 1; i < context.length; i++) {
    const entry = context[i]!;
    const parent = context[i - 1]!.type as t.Mixed & { _tag?: string };
    if (parent._tag === 'ArrayType') path += `[${entry.key}]`;
    else path += path === '' ? entry.key : `.${entry.key}`;
  }
  return path === '' ? 'config' : path;
};

/** io-ts errors as `ConfigError`s, one per field, in the order io-ts found them. */
export const reportErrors = (errors: t.Errors): ConfigError[] => {
  const seen = new Set<string>();
  const out: ConfigError[] = [];
  for (const e of errors) {
    const path = pathOf(e.context);
    const last = e.context[e.context.length - 1];
    const reason = e.message ?? `expected ${last ? last.type.name : 'a value'}, got ${show(e.value)}`;
    const err = configError(path, reason);
    if (seen.has(err.message)) continue;
    seen.add(err.message);
    out.push(err);
  }
  return out;
};
