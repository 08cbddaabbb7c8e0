import { channelKind } from './dynamic/channel-graph.js';
import { continuousKind } from './dynamic/continuous.js';
import { discreteKind } from './dynamic/discrete.js';
import { mlpKind, staticKind } from './kinds.js';
import type { ModelKind } from './model.js';

/**
 * The kinds `createModel` knows from the start. The registry is seeded from this list rather than by
 * calls in the package index, so the package stays free of import side effects (`"sideEffects": false`)
 * and a bundler that drops unused modules cannot drop the kinds. None of these modules imports
 * model.ts at run time, so there is no import cycle.
 */
export const builtinKinds: readonly ModelKind<any>[] = [staticKind, mlpKind, discreteKind, continuousKind, channelKind];
