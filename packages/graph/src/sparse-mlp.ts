import { addBias, addBiasRelu, rng as makeRng, type Tensor } from '@dnw/tensor';
import { chooseEdges, edgeProduct, makeEdgeSet } from './edges.js';
import { heNormal, zerosParam } from './init.js';
import { residentTensor } from './resident.js';
import type { MlpSpec, Model, ParamTree, RestoredStates } from './model.js';
import { checkMlpSpec } from './spec-codecs.js';
import type { EdgeSet } from './strategy.js';

/** Params of an MLP: one [fanOut, fanIn] weight and one bias per layer. */
export type MlpParams = {
  readonly layers: readonly { readonly w: Tensor; readonly b: Tensor }[];
};

/** The budget of each layer: k = round(keep * fanIn * fanOut), `keepPerLayer` overriding `keep`. */
export function mlpBudgets(spec: MlpSpec): number[] {
  const out: number[] = [];
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const keep = spec.keepPerLayer?.[l] ?? spec.keep;
    out.push(Math.round(keep * spec.sizes[l] * spec.sizes[l + 1]));
  }
  return out;
}

/**
 * The paper's "sparse networks" mode: an ordinary ReLU MLP whose every layer is an edge set with
 * its own budget (the same fraction per layer unless overridden). The training-speed benchmark's
 * model: its step allocates nothing after the first (arena-drawn ops, reused masks and CSR).
 */
export function createMlp(spec: MlpSpec, seed: number, restored?: RestoredStates): Model<MlpSpec> {
  const problem = checkMlpSpec(spec);
  if (problem !== null) throw new RangeError(`mlp spec: ${problem}`);
  const root = makeRng(seed);
  const initRng = root.fork();
  const wiringRng = root.fork();
  const trainRng = root.fork();
  const { sizes } = spec;
  const budgets = mlpBudgets(spec);
  const layers: { w: Tensor; b: Tensor }[] = [];
  const edgeSets: EdgeSet[] = [];
  let start = 0;
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    layers.push({ w: residentTensor(heNormal(fanOut, fanIn, fanIn, initRng)), b: residentTensor(zerosParam(fanOut)) });
    edgeSets.push(
      makeEdgeSet({
        name: `layers[${l}]`,
        parts: [
          {
            path: `layers[${l}].w`,
            rows: fanOut,
            cols: fanIn,
            toStart: start + fanIn,
            fromStart: start,
            weight: (p) => (p as MlpParams).layers[l].w,
          },
        ],
        allowed: null,
        k: budgets[l],
        strategy: spec.strategy,
        rng: wiringRng.fork(),
        restored: restored?.[l],
      }),
    );
    start += fanIn;
  }
  const params: MlpParams = { layers };
  const count = sizes.reduce((a, b) => a + b, 0);
  return {
    spec,
    params,
    edgeSets,
    nodes: { count, inputs: sizes[0], outputs: sizes[sizes.length - 1], columns: sizes.slice() },
    rng: trainRng,
    forward(p: ParamTree, x, ctx) {
      const ps = p as unknown as MlpParams;
      let h = x;
      for (let l = 0; l < ps.layers.length; l++) {
        const es = edgeSets[l];
        chooseEdges(es, ps, ctx);
        const i = edgeProduct(es, 0, ps.layers[l].w, h);
        h = l + 1 < ps.layers.length ? addBiasRelu(i, ps.layers[l].b, 0) : addBias(i, ps.layers[l].b, 0);
      }
      return h;
    },
  };
}
