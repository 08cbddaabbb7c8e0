// @dnw/report: run records, their aggregation, the sparse-figure summary and pure plotting (no Node imports).
export { reportError, type ReportError } from './errors.js';
export { RECORD_VERSION, RunRecordCodec, type RunRecord, type ChurnPoint, type EvalPoint } from './record.js';
export { parseRecord, parseRecords, formatRecord } from './parse.js';
export { stats, type Stats } from './stats.js';
export { summarise, select, type VariantSummary } from './aggregate.js';
export {
  SPARSE_SUMMARY_FORMAT,
  SPARSE_SUMMARY_VERSION,
  decodeSparseSummary,
  sparseSummary,
  removedPercent,
  type SparsePoint,
  type SparseVariant,
  type SparseSummary,
  type SparseLine,
  type SparseSummaryInput,
} from './sparse-summary.js';
export { toPixel, fromPixel, niceStep, niceLinear, niceLog, formatTick, type Scale } from './scale.js';
export {
  layoutFigure,
  PALETTE,
  type FigureInput,
  type SeriesInput,
  type SeriesPoint,
  type Layout,
  type SeriesLayout,
  type PointLayout,
  type Tick,
  type LegendItem,
} from './layout.js';
export { readout, readoutAt, xAtPixel, type Readout, type ReadoutRow } from './readout.js';
export { renderSvg, type SvgOptions } from './svg.js';
export { sparseFigure, edgesFigure, churnFigure } from './figures.js';
export { markdownTable, meanStd, count, COLUMNS, type Column } from './table.js';
export {
  SPARSE_EPOCHS,
  SPARSE_LINES,
  DENSE_VARIANT,
  summaryDescription,
  buildSparseSummary,
  sparseZoomDomain,
  type SweepMode,
} from './sparse-sweep.js';
