import type { RunRecord } from '../src/index.js';

/** A valid record; override any field. */
export const record = (over: Partial<RunRecord> = {}): RunRecord => ({
  v: 1,
  id: 'sparse/mlp-dnw-all/keep0.1/seed0',
  group: 'sparse',
  mode: 'quick',
  variant: 'mlp/dnw-all',
  kind: 'mlp',
  strategy: 'dnw',
  keep: 0.1,
  budget: 26620,
  seed: 0,
  epochs: 2,
  steps: 860,
  testAccuracy: 0.97,
  testLoss: 0.1,
  edges: 26620,
  liveNodes: 1194,
  flops: 53240,
  seconds: 12.5,
  churn: [
    { step: 0, added: 26620, removed: 0, edges: 26620 },
    { step: 50, added: 300, removed: 300, edges: 26620 },
  ],
  evals: [{ step: 430, accuracy: 0.96 }],
  ...over,
});

export const ndjson = (rs: readonly unknown[]): string => `${rs.map((r) => JSON.stringify(r)).join('\n')}\n`;
