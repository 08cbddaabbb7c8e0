import type * as t from 'io-ts';

/** The dotted path and a readable reason of io-ts's first error, e.g. `churn[2].added`, `expected number, got "x"`. */
export const firstProblem = (errors: t.Errors, root: string): { field: string; reason: string } => {
  const e = errors[0];
  if (e === undefined) return { field: root, reason: 'invalid' };
  let field = '';
  let parentIsArray = Array.isArray(e.context[0]?.actual);
  for (const entry of e.context.slice(1)) {
    // io-ts adds context entries for union/intersection members: they carry numeric keys of no array.
    if (entry.key === '') {
      parentIsArray = Array.isArray(entry.actual);
      continue;
    }
    if (parentIsArray && /^\d+$/.test(entry.key)) field += `[${entry.key}]`;
    else if (!/^\d+$/.test(entry.key)) field += field === '' ? entry.key : `.${entry.key}`;
    parentIsArray = Array.isArray(entry.actual);
  }
  const last = e.context[e.context.length - 1];
  const expected = e.message ?? `expected ${last?.type.name ?? 'a valid value'}`;
  return { field: field === '' ? root : field, reason: `${expected}, got ${show(e.value)}` };
};

const show = (u: unknown): string => {
  if (u === undefined) return 'nothing (missing)';
  const s = JSON.stringify(u);
  return s === undefined ? String(u) : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};
