// Dynamic neural graphs (paper appendix B): discrete and continuous time; graphs of channel nodes.
export type { DynamicGraphSpec, DiscreteSpec, ContinuousSpec, SolverSpec } from './spec.js';
export { discreteSpecCodec, continuousSpecCodec, checkDynamicSpec } from './spec.js';
export { createDiscrete, discreteKind } from './discrete.js';
export { createContinuous, continuousKind, type ContinuousModel } from './continuous.js';
export { type DynamicParams } from './dynamic-graph.js';
export { rk4, dopri5, OdeSolveError, type VectorField, type OdeStats, type OdeResult, type Rk4Options, type Dopri5Options } from './ode.js';
export { linearCombination, clampRows } from './combine.js';
export type { ChannelSpec } from './channel-spec.js';
export { channelSpecCodec, checkChannelSpec } from './channel-spec.js';
export { createChannelGraph, channelColumns, channelKind, type ChannelParams } from './channel-graph.js';
