/**
 * A model's loss and accuracy over a whole split, shared by training's evaluations and `dnw eval`, so
 * the accuracy a run reports is the accuracy its saved model reproduces.
 */
import { Batcher, isDatasetView, type Dataset, type DatasetView } from '@dnw/data';
import { evaluate, type Model } from '@dnw/graph';
import { tensor } from '@dnw/tensor';

/** Examples per evaluation batch: large enough for fast products, small enough for little memory. */
export const EVAL_BATCH = 1000;

export interface SplitEvaluation {
  /** Mean cross-entropy per example. */
  readonly loss: number;
  readonly accuracy: number;
  readonly count: number;
}

/** A batcher that visits every example of a split once, in order. Reusable: `evaluateSplit` rewinds it. */
export const evalBatcher = (split: Dataset | DatasetView): Batcher =>
  new Batcher(split, { batchSize: Math.min(EVAL_BATCH, isDatasetView(split) ? split.indices.length : split.count), seed: 0, shuffle: false });

/** One pass of `batches` from its start; losses weighted by batch size, so a short last batch counts fairly. */
export const evaluateSplit = (model: Model, batches: Batcher): SplitEvaluation => {
  batches.seek({ epoch: 0, batch: 0 });
  let lossSum = 0;
  let correct = 0;
  let count = 0;
  for (const batch of batches.restOfEpoch()) {
    const r = evaluate(model, tensor(batch.x, batch.shape), batch.labels);
    lossSum += r.loss * r.count;
    correct += r.correct;
    count += r.count;
  }
  return { loss: lossSum / count, accuracy: correct / count, count };
};
