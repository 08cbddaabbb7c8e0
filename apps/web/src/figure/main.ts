/**
 * The sparse-network figure page: the committed summary (docs/results/sparse-summary.json, inlined at
 * build time) drawn by @dnw/report's layout and SVG code, a read-out that follows the pointer and the
 * arrow keys, a table of every value, an x-axis toggle, and a file picker for a user's own records.
 */
import './figure.css';
import committedText from '../../../../docs/results/sparse-summary.json?raw';
import { decodeSparseSummary, layoutFigure, readout, readoutAt, renderSvg, type Layout, type Readout, type SparseSummary } from '@dnw/report';
import { byId } from '../dom.js';
import { figureInput, flipPercent, measuredXs, type XAxis } from './axis.js';
import { drawOverlay, readoutWords, renderReadoutText } from './readout-view.js';
import { sparseZoomDomain, summaryFromRecords } from './records-summary.js';
import { valuesTable } from './values-table.js';

const SIZE = { width: 760, height: 460 } as const;
const COMMITTED = 'docs/results/sparse-summary.json';

const el = {
  chart: byId('chart'),
  readout: byId('readout'),
  table: byId('values'),
  file: byId('records-file', HTMLInputElement),
  committed: byId('show-committed', HTMLButtonElement),
  zoom: byId('zoom-y', HTMLInputElement),
  error: byId('figure-error'),
  status: byId('figure-status'),
  axes: [...document.querySelectorAll<HTMLInputElement>('input[name="x-axis"]')],
};

interface Shown {
  readonly summary: SparseSummary;
  /** Where the summary came from, in words for the status line. */
  readonly source: string;
}

const state = {
  shown: null as Shown | null,
  axis: 'removed' as XAxis,
  layout: null as Layout | null,
  xs: [] as number[],
  /** The read-out's x in the current axis, or null before the first pointer move or key. */
  x: null as number | null,
};

const axisWord = (): string => (state.axis === 'removed' ? 'removed' : 'kept');

const showError = (message: string | null): void => {
  el.error.hidden = message === null;
  el.error.textContent = message ?? '';
};

const setReadout = (r: Readout | null): void => {
  state.x = r?.x ?? null;
  const svg = el.chart.querySelector('svg');
  if (svg !== null && state.layout !== null) drawOverlay(svg, state.layout, r);
  renderReadoutText(el.readout, r, axisWord());
  if (r === null) {
    el.chart.removeAttribute('aria-valuenow');
    el.chart.setAttribute('aria-valuetext', 'no read-out yet');
    delete document.body.dataset.readoutX;
  } else {
    el.chart.setAttribute('aria-valuenow', String(r.x));
    el.chart.setAttribute('aria-valuetext', readoutWords(r, axisWord()));
    document.body.dataset.readoutX = String(r.x);
  }
};

const draw = (): void => {
  const shown = state.shown;
  if (shown === null) return;
  const zoom = el.zoom.checked ? sparseZoomDomain(shown.summary) : undefined;
  const fig = figureInput(shown.summary, state.axis, zoom === undefined ? SIZE : { ...SIZE, yDomain: zoom });
  const layout = layoutFigure(fig);
  state.layout = layout;
  state.xs = measuredXs(fig);
  el.chart.innerHTML = renderSvg(layout, { annotate: true });
  el.chart.setAttribute('aria-valuemin', String(state.xs[0] ?? 0));
  el.chart.setAttribute('aria-valuemax', String(state.xs[state.xs.length - 1] ?? 0));
  el.table.replaceChildren(valuesTable(layout, state.xs, `Test accuracy (%) by weights ${axisWord()}: mean over seeds, ± standard deviation and min to max when there are several (${shown.source})`));
  setReadout(state.x !== null && state.xs.includes(state.x) ? readoutAt(layout, state.x) : null);
  document.body.dataset.variants = String(shown.summary.variants.length);
  document.body.dataset.axis = state.axis;
  document.body.dataset.yDomain = `${layout.y.domain[0]},${layout.y.domain[1]}`;
  document.body.dataset.source = shown.source;
};

const show = (summary: SparseSummary, source: string, status: string): void => {
  state.shown = { summary, source };
  // A new file may not have the old x: start the read-out afresh.
  state.x = null;
  draw();
  el.status.textContent = status;
  el.committed.hidden = source === COMMITTED;
};

const showCommitted = (): void => {
  const decoded = decodeSparseSummary(JSON.parse(committedText) as unknown);
  if (decoded._tag === 'Left') {
    showError(`${COMMITTED}: ${decoded.left.message}`);
    return;
  }
  showError(null);
  const s = decoded.right;
  show(s, COMMITTED, `Showing the committed results (${COMMITTED}): ${s.description}, ${s.mode} mode.`);
};

// Pointer: snap to the nearest measured x (the report's `readout`); the SVG scales with the page, so
// client pixels are mapped back to the layout's.
el.chart.addEventListener('pointermove', (e) => {
  const svg = el.chart.querySelector('svg');
  if (svg === null || state.layout === null) return;
  const box = svg.getBoundingClientRect();
  if (box.width === 0) return;
  const px = ((e.clientX - box.left) * state.layout.width) / box.width;
  const r = readout(state.layout, px);
  if (r !== null && r.x !== state.x) setReadout(r);
});

el.chart.addEventListener('keydown', (e) => {
  if (state.layout === null || state.xs.length === 0) return;
  const i = state.x === null ? -1 : state.xs.indexOf(state.x);
  const last = state.xs.length - 1;
  let next: number;
  switch (e.key) {
    case 'ArrowRight':
    case 'ArrowUp':
      next = i < 0 ? 0 : Math.min(last, i + 1);
      break;
    case 'ArrowLeft':
    case 'ArrowDown':
      next = i < 0 ? last : Math.max(0, i - 1);
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = last;
      break;
    default:
      return;
  }
  e.preventDefault();
  setReadout(readoutAt(state.layout, state.xs[next]));
});

for (const radio of el.axes) {
  radio.addEventListener('change', () => {
    if (!radio.checked) return;
    const axis = radio.value === 'kept' ? 'kept' : 'removed';
    if (axis === state.axis) return;
    state.axis = axis;
    // The read-out stays on the same measured point, now named by the other axis.
    if (state.x !== null) state.x = flipPercent(state.x);
    draw();
  });
}

el.file.addEventListener('change', async () => {
  const file = el.file.files?.[0];
  if (file === undefined) return;
  let text: string;
  try {
    text = await file.text();
  } catch (e) {
    showError(`${file.name}: could not be read (${e instanceof Error ? e.message : String(e)}); the figure still shows ${state.shown?.source ?? 'nothing'}.`);
    return;
  }
  const r = summaryFromRecords(text);
  // The file input is cleared so picking the same (fixed) file again reloads it.
  el.file.value = '';
  if (r._tag === 'Left') {
    showError(`${file.name}: ${r.left.message}\nThe figure still shows ${state.shown?.source ?? 'nothing'}.`);
    document.body.dataset.fileError = r.left.field;
    return;
  }
  showError(null);
  delete document.body.dataset.fileError;
  const { summary, used, ignored } = r.right;
  show(
    summary,
    file.name,
    `Showing ${file.name}: ${used} run${used === 1 ? '' : 's'} of the sparse sweep, ${summary.mode} mode` +
      (ignored > 0 ? ` (${ignored} other record${ignored === 1 ? '' : 's'} of the file not in this figure)` : '') + '.',
  );
});

el.committed.addEventListener('click', showCommitted);
el.zoom.addEventListener('change', draw);

showCommitted();
document.body.dataset.ready = 'true';
