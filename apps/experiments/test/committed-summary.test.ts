import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { decodeSparseSummary, layoutFigure, parseRecords, renderSvg, sparseFigure, type RunRecord, type SparseSummary } from '@dnw/report';
import { buildSparseSummary, SPARSE_FIGURE_SIZE } from '../src/docs.js';
import { SPARSE_LINES } from '../src/sweeps.js';

// The committed results: the summary the web page ships and the SVG in docs/results.md must be
// exactly what the committed records give.
const results = (name: string): string => fileURLToPath(new URL(`../../../docs/results/${name}`, import.meta.url));

const load = async (): Promise<{ records: RunRecord[]; summary: SparseSummary; svg: string }> => {
  const parsed = parseRecords(await readFile(results('records.ndjson'), 'utf8'));
  if (parsed._tag === 'Left') throw new Error(`records.ndjson: ${parsed.left.message}`);
  const decoded = decodeSparseSummary(JSON.parse(await readFile(results('sparse-summary.json'), 'utf8')));
  if (decoded._tag === 'Left') throw new Error(`sparse-summary.json: ${decoded.left.message}`);
  return { records: parsed.right, summary: decoded.right, svg: await readFile(results('sparse-accuracy.svg'), 'utf8') };
};

describe('docs/results', () => {
  it('sparse-summary.json is the summary of records.ndjson', async () => {
    const { records, summary } = await load();
    expect(buildSparseSummary(records, summary.mode as 'quick' | 'full')).toEqual(summary);
  });

  it('has every line of the figure, each starting dense and reaching 98% removed', async () => {
    const { summary } = await load();
    expect(summary.variants.map((v) => v.id)).toEqual(SPARSE_LINES.map((l) => l.id));
    for (const v of summary.variants) {
      expect(v.points[0]?.removed, v.id).toBe(0);
      expect(v.points[v.points.length - 1]?.removed, v.id).toBe(98);
    }
  });

  it('sparse-accuracy.svg is drawn from the summary by the shared plotting code', async () => {
    const { summary, svg } = await load();
    expect(svg).toBe(renderSvg(layoutFigure(sparseFigure(summary, SPARSE_FIGURE_SIZE))));
  });
});
