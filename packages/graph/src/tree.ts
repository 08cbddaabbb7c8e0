import { Tensor } from '@dnw/tensor';
import type { ParamTree } from './model.js';

/** Every tensor of a params tree with its path (`layers[0].w`), depth first, in key order. */
export function paramEntries(tree: ParamTree, prefix = ''): { path: string; tensor: Tensor }[] {
  const out: { path: string; tensor: Tensor }[] = [];
  const walk = (node: unknown, path: string): void => {
    if (node instanceof Tensor) out.push({ path, tensor: node });
    else if (Array.isArray(node)) node.forEach((x, i) => walk(x, `${path}[${i}]`));
    else if (typeof node === 'object' && node !== null) {
      for (const k of Object.keys(node)) walk((node as Record<string, unknown>)[k], path === '' ? k : `${path}.${k}`);
    }
  };
  walk(tree, prefix);
  return out;
}

export const paramLeaves = (tree: ParamTree): Tensor[] => paramEntries(tree).map((e) => e.tensor);

/** Number of scalars in a params tree. */
export const paramCount = (tree: ParamTree): number => paramLeaves(tree).reduce((n, t) => n + t.size, 0);

/** Copy every tensor of `source` into the same-path tensor of `target` (shapes must match). */
export function copyParamsInto(target: ParamTree, source: ParamTree): void {
  const to = paramEntries(target);
  const from = paramEntries(source);
  if (to.length !== from.length) throw new RangeError(`copyParamsInto: ${from.length} tensors into ${to.length}`);
  to.forEach((t, i) => {
    const f = from[i];
    if (f.path !== t.path || f.tensor.size !== t.tensor.size) {
      throw new RangeError(`copyParamsInto: ${f.path} (${f.tensor.size} numbers) does not fit ${t.path} (${t.tensor.size} numbers)`);
    }
    t.tensor.data.set(f.tensor.data);
  });
}

/** A deep copy of a params tree (fresh buffers): e.g. the initial weights a lottery ticket rewinds to. */
export function copyParams<T extends ParamTree>(tree: T): T {
  const walk = (node: unknown): unknown => {
    if (node instanceof Tensor) return new Tensor(node.data.slice(), node.shape);
    if (Array.isArray(node)) return node.map(walk);
    if (typeof node === 'object' && node !== null) {
      const out: Record<string, unknown> = {};
      for (const k of Object.keys(node)) out[k] = walk((node as Record<string, unknown>)[k]);
      return out;
    }
    return node;
  };
  return walk(tree) as T;
}
