import { describe, expect, it } from 'vitest';
import { formatRecord, parseRecords } from '../src/index.js';
import { ndjson, record } from './fixtures.js';

const errorOf = (text: string) => {
  const r = parseRecords(text);
  if (r._tag === 'Right') throw new Error('expected a Left');
  return r.left;
};

describe('parseRecords', () => {
  it('reads back what formatRecord wrote, skipping blank lines', () => {
    const a = record();
    const b = record({ id: 'other', seed: 1 });
    const r = parseRecords(`${formatRecord(a)}\n\n${formatRecord(b)}\n`);
    expect(r).toEqual({ _tag: 'Right', right: [a, b] });
  });

  it('names the line of text that is not JSON', () => {
    const e = errorOf(`${formatRecord(record())}\n{"v":1,`);
    expect(e.line).toBe(2);
    expect(e.field).toBe('record');
    expect(e.message).toMatch(/^line 2: record: not JSON/);
  });

  it('names the line and the field of a wrong value', () => {
    const e = errorOf(ndjson([record(), record({ id: 'b' }), { ...record({ id: 'c' }), testAccuracy: 'high' }]));
    expect(e).toMatchObject({ line: 3, field: 'testAccuracy' });
    expect(e.message).toContain('"high"');
  });

  it('names a missing field', () => {
    const { edges: _, ...noEdges } = record();
    expect(errorOf(ndjson([noEdges]))).toMatchObject({ line: 1, field: 'edges' });
  });

  it('names a field inside the churn series by index', () => {
    const bad = { ...record(), churn: [{ step: 0, added: 1, removed: 0, edges: 1 }, { step: 5, added: -2, removed: 0, edges: 1 }] };
    expect(errorOf(ndjson([bad]))).toMatchObject({ line: 1, field: 'churn[1].added' });
  });

  it('rejects a non-finite loss and an accuracy above 1', () => {
    expect(errorOf(ndjson([{ ...record(), testLoss: null }]))).toMatchObject({ field: 'testLoss' });
    expect(errorOf(ndjson([record({ testAccuracy: 97 })]))).toMatchObject({ field: 'testAccuracy' });
  });

  it('rejects a second record of the same run', () => {
    const e = errorOf(ndjson([record(), record({ seed: 3 }), record()]));
    expect(e).toMatchObject({ line: 2, field: 'id' });
    expect(e.message).toContain('line 1');
  });

  it('rejects another record version', () => {
    expect(errorOf(ndjson([{ ...record(), v: 2 }]))).toMatchObject({ line: 1, field: 'v' });
  });
});
