// @dnw/graph: static neural graphs, sparse MLPs, the DNW edge choice and its baselines.

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
export { createStatic, staticPairs, staticColumns, NORM_MOMENTUM, NORM_EPS, type StaticParams, type StaticBuffers, type BlockPair } from './static.js';
export { staticKind, mlpKind } from './kinds.js';
export { builtinKinds } from './builtin-kinds.js';
export { createMlp, mlpBudgets, type MlpParams } from './sparse-mlp.js';
export { wiringOf, wiringFromMask, wiringEdges, wiringDiff, liveness, type Wiring, type EdgeSetWiring, type Edge, type EdgeSetDiff, type Liveness } from './wiring.js';
export { compact } from './compact.js';
export { modelToJSON, modelFromJSON, type ModelJSON, type ModelError, type TensorJSON, type StrategyStateJSON, type ToJSONOptions } from './json.js';
export { compactStatic } from './compact-static.js';
export { compactMlp } from './compact-mlp.js';
export { fineTuneFrom, lotteryFrom, topkMaskOf } from './baselines.js';
export { nodeBatchNorm } from './norm.js';
export { lossAndGrad, predict, evaluate, type Batch, type LossAndGrad, type Evaluation } from './loss.js';
export { strategySpecCodec, staticSpecCodec, mlpSpecCodec, describeErrors } from './spec-codecs.js';
export { heNormal } from './init.js';
export { sgd, lrAt, constant, cosine, step, type Sgd, type SgdOptions, type SgdState, type Schedule } from './sgd.js';
export * from './dynamic/index.js';
export { paramEntries, paramLeaves, paramCount, copyParams, copyParamsInto } from './tree.js';

