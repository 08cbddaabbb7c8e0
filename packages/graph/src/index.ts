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
