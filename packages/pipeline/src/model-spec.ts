/**
 * The graph ModelSpec a config describes, once the data's shape is known. The budget is resolved to
 * an edge count k here: a fraction counts the allowed edges of the built graph (from its edge sets),
 * so the rule for which edges are allowed lives in @dnw/graph alone.
 */
import { createModel, type ModelSpec, type StrategySpec } from '@dnw/graph';
import type { ModelConfig } from './config.js';

const strategyOf = (m: ModelConfig): StrategySpec =>
  m.strategy === 'targeted-dropout' || m.strategy === 'targeted-dropout-node' ? { name: m.strategy, dropRate: m.dropRate } : { name: m.strategy };

const specWithEdges = (m: ModelConfig, inputs: number, outputs: number, edges: number): ModelSpec => {
  const strategy = strategyOf(m);
  switch (m.kind) {
    case 'static':
      return { kind: 'static', inputs, blocks: m.hidden, outputs, edges, strategy, norm: m.norm, maskBackwardEdges: m.maskBackwardEdges };
    case 'mlp':
      return { kind: 'mlp', sizes: [inputs, ...m.hidden, outputs], keep: m.budget, strategy, ...(m.keepPerLayer !== null ? { keepPerLayer: m.keepPerLayer } : {}) };
    case 'discrete':
      return { kind: 'discrete', inputs, hidden: m.hidden[0]!, outputs, edges, strategy, norm: m.norm, steps: m.timeSteps };
    case 'continuous':
      return {
        kind: 'continuous',
        inputs,
        hidden: m.hidden[0]!,
        outputs,
        edges,
        strategy,
        norm: m.norm,
        solver: m.solver === 'rk4' ? { method: 'rk4', steps: m.timeSteps } : { method: 'dopri5' },
      };
  }
};

/** The spec with k resolved; throws RangeError for a spec the graph package rejects. */
export const modelSpecOf = (m: ModelConfig, inputs: number, outputs: number): ModelSpec => {
  if (m.kind === 'mlp' || m.budget > 1) return specWithEdges(m, inputs, outputs, Math.round(m.budget));
  // A fractional budget needs the allowed-edge count: build the graph once with k = 0 to read it.
  const probe = createModel(specWithEdges(m, inputs, outputs, 0), 0);
  const allowed = probe.edgeSets.reduce((n, es) => n + es.allowedCount, 0);
  return specWithEdges(m, inputs, outputs, Math.max(1, Math.round(m.budget * allowed)));
};
