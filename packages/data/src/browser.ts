// The platform-free face of the package: bundlers pick this entry through the `browser` export
// condition, so a page never pulls in node:fs; it fetches the IDX bytes itself and calls parseMnist.
export { dataError, type DataError } from './errors.js';
export {
  parseIdxImages,
  parseIdxLabels,
  encodeIdxImages,
  encodeIdxLabels,
  IDX_IMAGES_MAGIC,
  IDX_LABELS_MAGIC,
  type IdxImages,
  type IdxLabels,
  type Bytes,
} from './idx.js';
export { pairImagesLabels, allOf, viewOf, isDatasetView, type Dataset, type DatasetView } from './dataset.js';
export { parseMnist, MNIST_FILES, MNIST_CLASSES, type Mnist, type MnistBytes } from './mnist.js';
export { splitValidation } from './split.js';
export { normalizationTable, pixelStats, MNIST_MEAN, MNIST_STD, type Normalization } from './normalize.js';
export { epochOrder, epochSeed } from './order.js';
export { Batcher, type Batch, type BatchPosition, type BatcherOptions, type Layout } from './batcher.js';
export { synthetic, type SyntheticOptions } from './synthetic.js';
