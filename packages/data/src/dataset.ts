/**
 * A labelled image dataset kept as the original bytes. Batches normalise on the fly, so a dataset
 * costs one byte per pixel (MNIST: 55 MB) instead of four.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { dataError, type DataError } from './errors.js';
import type { IdxImages, IdxLabels } from './idx.js';

export interface Dataset {
  /** count * features bytes, example-major: example i is images[i*features .. (i+1)*features). */
  readonly images: Uint8Array;
  /** count class indices in 0 .. classes-1. */
  readonly labels: Uint8Array;
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** rows * cols. */
  readonly features: number;
  readonly classes: number;
}

/**
 * Pairs an image file with its label file: the counts must agree and every label must name a class.
 * The label file is the one blamed for a disagreement, and the message names both files.
 */
export const pairImagesLabels = (
  imagesFile: string,
  images: IdxImages,
  labelsFile: string,
  labels: IdxLabels,
  classes: number,
): Either<DataError, Dataset> => {
  if (images.count !== labels.count) {
    return left(dataError(labelsFile, `count mismatch: ${labels.count} labels but ${imagesFile} has ${images.count} images`));
  }
  const bad = labels.labels.findIndex((l) => l >= classes);
  if (bad >= 0) {
    return left(dataError(labelsFile, `label ${labels.labels[bad]} at index ${bad} is out of range 0..${classes - 1}`));
  }
  return right({
    images: images.pixels,
    labels: labels.labels,
    count: images.count,
    rows: images.rows,
    cols: images.cols,
    features: images.rows * images.cols,
    classes,
  });
};

/** Examples as an index array over a dataset: a split or subset without copying any pixels. */
export interface DatasetView {
  readonly dataset: Dataset;
  /** Rows of `dataset`, each in 0 .. dataset.count-1. */
  readonly indices: Uint32Array;
}

export const isDatasetView = (source: Dataset | DatasetView): source is DatasetView => 'dataset' in source;

/** Every example of a dataset, in order. */
export const allOf = (dataset: Dataset): DatasetView => {
  const indices = new Uint32Array(dataset.count);
  for (let i = 0; i < dataset.count; i++) indices[i] = i;
  return { dataset, indices };
};

export const viewOf = (source: Dataset | DatasetView): DatasetView => (isDatasetView(source) ? source : allOf(source));
