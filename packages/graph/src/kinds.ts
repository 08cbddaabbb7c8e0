import { compactMlp } from './compact-mlp.js';
import { compactStatic } from './compact-static.js';
import type { MlpSpec, ModelKind, StaticSpec } from './model.js';
import { createMlp } from './sparse-mlp.js';
import { mlpSpecCodec, staticSpecCodec } from './spec-codecs.js';
import { createStatic } from './static.js';

export const staticKind: ModelKind<StaticSpec> = { kind: 'static', codec: staticSpecCodec, create: createStatic, compact: compactStatic };

export const mlpKind: ModelKind<MlpSpec> = { kind: 'mlp', codec: mlpSpecCodec, create: createMlp, compact: compactMlp };
