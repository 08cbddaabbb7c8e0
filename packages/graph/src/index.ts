// @dnw/graph: static neural graphs, sparse MLPs, the DNW edge choice and its baselines.
import { registerModelKind } from './model.js';
import { mlpKind } from './sparse-mlp.js';
import { staticKind } from './static.js';
import { continuousKind, discreteKind } from './dynamic/index.js';

export type {
  StrategyName,
  StrategySpec,
  GradMask,
  ChooseContext,
  StrategyState,
  EdgeStrategy,
  EdgePart,
  EdgeSet,
} from './strategy.js';
export type {
  ParamTree,
  StaticSpec,
  MlpSpec,
  ModelKinds,
  ModelSpec,
  NodeLayout,
  ForwardContext,
  Model,
  RestoredStates,
  ModelKind,
} from './model.js';
export { registerModelKind, modelKind, registeredKinds, createModel } from './model.js';
export { makeEdgeSet, chooseEdges, edgeProduct, flatWeights, type PartLayout, type EdgeSetInit } from './edges.js';
export { createStrategy, nodeBudgets, type StrategyInit, type EdgeGroups } from './strategies.js';
export { createStatic, staticPairs, staticColumns, staticKind, type StaticParams, type BlockPair } from './static.js';
export { createMlp, mlpBudgets, mlpKind, type MlpParams } from './sparse-mlp.js';
export { nodeBatchNorm } from './norm.js';
export { lossAndGrad, predict, evaluate, type Batch, type LossAndGrad, type Evaluation } from './loss.js';
export { strategySpecCodec, staticSpecCodec, mlpSpecCodec, describeErrors } from './spec-codecs.js';
export { heNormal } from './init.js';
export { sgd, lrAt, constant, cosine, step, type Sgd, type SgdOptions, type SgdState, type Schedule } from './sgd.js';
export * from './dynamic/index.js';
export { paramEntries, paramLeaves, paramCount } from './tree.js';

// The model kinds, wired explicitly (no import side effects elsewhere).
registerModelKind(staticKind);
registerModelKind(mlpKind);
registerModelKind(discreteKind);
registerModelKind(continuousKind);
