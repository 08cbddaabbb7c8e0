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
