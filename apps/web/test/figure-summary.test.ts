/**
 * The figure page's records-to-summary path (Node, no browser): the committed records give exactly the
 * committed summary, and a user's file is read the way the page says (mode choice, errors by line and
 * field). apps/experiments/test/committed-summary.test.ts checks the sweep's function itself; this
 * checks the page's way into it (parsing the text, picking the mode).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeSparseSummary, parseRecords, type RunRecord } from '@dnw/report';
import { summaryFromRecords } from '../src/figure/records-summary.js';

const results = (name: string): string => readFileSync(fileURLToPath(new URL(`../../../docs/results/${name}`, import.meta.url)), 'utf8');
const recordsText = results('records.ndjson');
const records = (): RunRecord[] => {
  const r = parseRecords(recordsText);
  if (r._tag === 'Left') throw new Error(r.left.message);
  return r.right;
};
const ndjson = (rs: readonly RunRecord[]): string => rs.map((r) => JSON.stringify(r)).join('\n');

describe('summaryFromRecords', () => {
  it('turns docs/results/records.ndjson into docs/results/sparse-summary.json', () => {
    const committed = decodeSparseSummary(JSON.parse(results('sparse-summary.json')));
    if (committed._tag === 'Left') throw new Error(committed.left.message);
    const r = summaryFromRecords(recordsText);
    if (r._tag === 'Left') throw new Error(r.left.message);
    expect(r.right.summary).toEqual(committed.right);
    const sparse = records().filter((x) => x.group === 'sparse').length;
    expect(sparse).toBeGreaterThan(0);
    expect(r.right.used).toBe(sparse);
    expect(r.right.ignored).toBe(records().length - sparse);
  });

  it('shows the full mode when a file holds both modes, and pools seeds', () => {
    // Both modes, whatever mode the committed file is in: its sparse runs relabelled as quick, and
    // every one again in full mode, twice (seeds moved apart), the copy 1 point lower.
    const sparse = records().filter((x) => x.group === 'sparse');
    const quick = sparse.map((x) => ({ ...x, id: `quick/${x.id}`, mode: 'quick' }));
    const full = sparse.flatMap((x) => [0, 1].map((k) => ({ ...x, id: `full/${x.id}/${k}`, mode: 'full', seed: x.seed + 100 * k, testAccuracy: x.testAccuracy - 0.01 * k })));
    const r = summaryFromRecords(ndjson([...quick, ...full]));
    if (r._tag === 'Left') throw new Error(r.left.message);
    expect(r.right.summary.mode).toBe('full');
    expect(r.right.summary.description).toContain('10 epochs');
    const dnw = r.right.summary.variants.find((v) => v.id === 'dnw-all')!;
    const at90 = dnw.points.find((p) => p.removed === 90)!;
    const base = records().filter((x) => x.variant === 'mlp/dnw-all' && x.keep === 0.1).map((x) => x.testAccuracy);
    const pooled = [...base, ...base.map((a) => a - 0.01)].map((a) => 100 * a);
    expect(at90.n).toBe(2 * base.length);
    expect(at90.mean).toBeCloseTo(pooled.reduce((a, b) => a + b, 0) / pooled.length, 9);
    expect(at90.max - at90.min).toBeCloseTo(Math.max(...pooled) - Math.min(...pooled), 9);
    expect(r.right.used).toBe(full.length);
  });

  it('names the line and field of a malformed record', () => {
    const lines = recordsText.trim().split('\n');
    lines[2] = lines[2].replace(/"testAccuracy":[0-9.]+/, '"testAccuracy":"high"');
    const r = summaryFromRecords(lines.join('\n'));
    expect(r._tag).toBe('Left');
    if (r._tag === 'Left') {
      expect(r.left.line).toBe(3);
      expect(r.left.field).toBe('testAccuracy');
      expect(r.left.message).toMatch(/^line 3: testAccuracy: /);
    }
    const notJson = summaryFromRecords(`${lines[0]}\n{"v":1,`);
    expect(notJson._tag === 'Left' && notJson.left.message).toMatch(/^line 2: record: not JSON/);
  });

  it('says so when the file has no sparse-sweep records', () => {
    const graphsOnly = summaryFromRecords(ndjson(records().filter((x) => x.group !== 'sparse')));
    expect(graphsOnly._tag === 'Left' && graphsOnly.left.field).toBe('group');
    expect(graphsOnly._tag === 'Left' && graphsOnly.left.message).toContain('graphs');
    const empty = summaryFromRecords('\n');
    expect(empty._tag === 'Left' && empty.left.message).toContain('no records');
    const odd = summaryFromRecords(ndjson(records().filter((x) => x.group === 'sparse').map((x) => ({ ...x, mode: 'tiny' }))));
    expect(odd._tag === 'Left' && odd.left.field).toBe('mode');
  });
});
