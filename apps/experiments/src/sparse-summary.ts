// The sparse figure's recipe lives in @dnw/report, shared with the web page.
export { buildSparseSummary, summaryDescription, sparseZoomDomain, type SweepMode as Mode } from '@dnw/report';
