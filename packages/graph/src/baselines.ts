import { flatWeights } from './edges.js';
import { createModel, type Model, type ModelSpec, type ParamTree } from './model.js';
import { AllowedTopk } from './select.js';
import type { EdgeSet, StrategyState } from './strategy.js';
import { copyParamsInto } from './tree.js';

/** The top-k mask of an edge set's current weights over its allowed edges (one budget per set). */
export function topkMaskOf(es: EdgeSet, params: ParamTree): Uint8Array {
  const mask = new Uint8Array(es.size);
  new AllowedTopk().choose(flatWeights(es, params).slice(), es.allowed, es.k, mask);
  return mask;
}

/**
 * Fine-tune baseline: freeze the top-k mask of a trained (complete) model's weights and keep
 * training from those weights. Returns a new model; `trained` is untouched.
 */
export function fineTuneFrom<S extends ModelSpec>(trained: Model<S>, seed = 0): Model<S> {
  const masks: StrategyState[] = trained.edgeSets.map((es) => ({ mask: topkMaskOf(es, trained.params) }));
  const model = createModel({ ...trained.spec, strategy: { name: 'fine-tune' } } as S, seed, masks);
  copyParamsInto(model.params, trained.params);
  if (model.buffers !== undefined && trained.buffers !== undefined) copyParamsInto(model.buffers, trained.buffers);
  return model;
}

/**
 * Lottery ticket (one shot): the same frozen top-k mask of the trained weights, with every weight
 * (and the normalisation statistics) rewound to its value at initialisation (`initial`, saved before training, e.g. with
 * `copyParams(model.params)`). The rewind weights travel with the strategy state (checkpoints).
 */
export function lotteryFrom<S extends ModelSpec>(trained: Model<S>, initial: ParamTree, seed = 0): Model<S> {
  const probe = createModel({ ...trained.spec, strategy: { name: 'complete' } } as S, seed);
  copyParamsInto(probe.params, initial);
  const states: StrategyState[] = trained.edgeSets.map((es, i) => ({
    mask: topkMaskOf(es, trained.params),
    rewind: flatWeights(probe.edgeSets[i], probe.params).slice(),
  }));
  const model = createModel({ ...trained.spec, strategy: { name: 'lottery' } } as S, seed, states);
  copyParamsInto(model.params, initial);
  return model;
}
