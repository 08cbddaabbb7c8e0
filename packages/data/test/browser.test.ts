import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = join(dirname(fileURLToPath(import.meta.url)), '../src');

/** Every module reachable from `entry` through relative imports, and every bare import they make. */
const importGraph = (entry: string) => {
  const modules = new Set<string>();
  const bare = new Set<string>();
  const visit = (file: string) => {
    if (modules.has(file)) return;
    modules.add(file);
    const text = readFileSync(join(src, file), 'utf8');
    for (const m of text.matchAll(/(?:import|export)[^'"]*?from\s+'([^']+)'/g)) {
      const spec = m[1];
      if (spec.startsWith('./')) visit(spec.slice(2).replace(/\.js$/, '.ts'));
      else bare.add(spec);
    }
  };
  visit(entry);
  return { modules, bare };
};

describe('browser entry', () => {
  it('reaches no Node built-in module', () => {
    const { modules, bare } = importGraph('browser.ts');
    expect(modules.has('mnist.ts')).toBe(true);
    expect(modules.has('mnist.node.ts')).toBe(false);
    expect([...bare].filter((s) => s.startsWith('node:'))).toEqual([]);
  });

  it('the Node entry does reach the file loader', () => {
    const { modules, bare } = importGraph('index.ts');
    expect(modules.has('mnist.node.ts')).toBe(true);
    expect(bare.has('node:fs/promises')).toBe(true);
  });
});
