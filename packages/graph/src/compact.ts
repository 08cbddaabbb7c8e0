import { modelKind, type Model, type ModelSpec } from './model.js';

/**
 * An inference model with the dead nodes removed whose evaluation-mode logits equal `model`'s
 * (see each kind's compaction for how exact). Throws for a kind without a compaction.
 */
export function compact<S extends ModelSpec>(model: Model<S>): Model<S> {
  const def = modelKind(model.spec.kind);
  if (def?.compact === undefined) throw new Error(`compact: model kind '${model.spec.kind}' has no compaction`);
  return def.compact(model) as Model<S>;
}
