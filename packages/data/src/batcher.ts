/**
 * Mini-batches from a byte dataset into buffers the batcher owns and reuses: after construction it
 * allocates no typed arrays (each epoch shuffles its order buffer in place), so a training loop can pull a batch
 * per step without touching fresh memory.
 */
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { viewOf, type Dataset, type DatasetView } from './dataset.js';
import { dataError, type DataError } from './errors.js';
import { normalizationTable, type Normalization } from './normalize.js';
import { epochOrder } from './order.js';

/**
 * `'node-major'`: x is [features, batch] (feature f of example j at f*size + j), the layout of our
 * graphs' activations. `'sample-major'`: x is [batch, features] (example j's features contiguous).
 */
export type Layout = 'node-major' | 'sample-major';

export interface BatcherOptions {
  readonly batchSize: number;
  /** Seeds the per-epoch shuffle. */
  readonly seed: number;
  /** Default true. False keeps the source's order every epoch (evaluation). */
  readonly shuffle?: boolean;
  /** Default false: the last batch of an epoch holds the remainder. True skips the remainder. */
  readonly dropLast?: boolean;
  /** Default 'node-major'. */
  readonly layout?: Layout;
  /** Default 'standard' (MNIST mean/std). */
  readonly normalize?: Normalization;
  /** Where to start (a position saved from another batcher with the same options). Default epoch 0, batch 0. */
  readonly position?: BatchPosition;
}

/** The next batch to produce: batch `batch` (0-based) of epoch `epoch` (0-based). JSON-serialisable. */
export interface BatchPosition {
  readonly epoch: number;
  readonly batch: number;
}

/**
 * One batch. The object and its arrays are reused: they hold this batch until the next call to
 * `next()`. Build a tensor with `tensor(b.x, b.shape)`.
 */
export interface Batch {
  /** size * features floats, laid out as `layout`; exactly the batch's data (a partial batch gets its own view). */
  readonly x: Float32Array;
  readonly labels: Uint8Array;
  /** Examples in this batch: batchSize, or fewer for a final partial batch. */
  readonly size: number;
  readonly features: number;
  readonly layout: Layout;
  /** [features, size] node-major or [size, features] sample-major. */
  readonly shape: readonly [number, number];
  readonly epoch: number;
  /** Index of this batch within its epoch. */
  readonly batch: number;
}

interface MutableBatch extends Omit<Batch, 'epoch' | 'batch'> {
  epoch: number;
  batch: number;
}

const makeBatch = (x: Float32Array, labels: Uint8Array, size: number, features: number, layout: Layout): MutableBatch => ({
  x,
  labels,
  size,
  features,
  layout,
  shape: layout === 'node-major' ? [features, size] : [size, features],
  epoch: 0,
  batch: 0,
});

export class Batcher {
  readonly dataset: Dataset;
  readonly batchSize: number;
  readonly features: number;
  /** Examples the batcher draws from. */
  readonly count: number;
  readonly batchesPerEpoch: number;
  /** Examples produced per epoch (count, or fewer with dropLast). */
  readonly examplesPerEpoch: number;
  readonly layout: Layout;
  readonly seed: number;
  readonly shuffle: boolean;

  private readonly indices: Uint32Array;
  private readonly table: Float32Array;
  private readonly order: Uint32Array;
  private orderEpoch = -1;
  private readonly full: MutableBatch;
  private readonly partial: MutableBatch | undefined;
  private epoch = 0;
  private batch = 0;

  constructor(source: Dataset | DatasetView, opts: BatcherOptions) {
    const view = viewOf(source);
    const { batchSize } = opts;
    if (!Number.isInteger(batchSize) || batchSize < 1) {
      throw new RangeError(`Batcher: batchSize must be a positive integer, got ${batchSize}`);
    }
    const dropLast = opts.dropLast ?? false;
    const count = view.indices.length;
    const batchesPerEpoch = dropLast ? Math.floor(count / batchSize) : Math.ceil(count / batchSize);
    if (batchesPerEpoch === 0) {
      throw new RangeError(`Batcher: no batches: ${count} examples${dropLast ? `, batch size ${batchSize} with dropLast` : ''}`);
    }
    this.dataset = view.dataset;
    this.indices = view.indices;
    this.batchSize = batchSize;
    this.features = view.dataset.features;
    this.count = count;
    this.batchesPerEpoch = batchesPerEpoch;
    this.examplesPerEpoch = dropLast ? batchesPerEpoch * batchSize : count;
    this.layout = opts.layout ?? 'node-major';
    this.seed = opts.seed;
    this.shuffle = opts.shuffle ?? true;
    this.table = normalizationTable(opts.normalize);
    this.order = new Uint32Array(count);

    const x = new Float32Array(batchSize * this.features);
    const labels = new Uint8Array(batchSize);
    this.full = makeBatch(x, labels, batchSize, this.features, this.layout);
    const rest = count % batchSize;
    this.partial = !dropLast && rest > 0
      ? makeBatch(x.subarray(0, rest * this.features), labels.subarray(0, rest), rest, this.features, this.layout)
      : undefined;

    if (opts.position) {
      const at = this.seek(opts.position);
      if (at._tag === 'Left') throw new RangeError(at.left.message);
    }
  }

  /** The position of the batch the next `next()` returns; save it to resume. */
  position(): BatchPosition {
    return { epoch: this.epoch, batch: this.batch };
  }

  /**
   * Continue from a saved position. A position past the end of an epoch (batch === batchesPerEpoch)
   * means the start of the next epoch.
   */
  seek(pos: BatchPosition): Either<DataError, BatchPosition> {
    const { epoch, batch } = pos;
    if (!Number.isSafeInteger(epoch) || epoch < 0) {
      return left(dataError('batch position', `epoch must be a non-negative integer, got ${epoch}`));
    }
    if (!Number.isSafeInteger(batch) || batch < 0 || batch > this.batchesPerEpoch) {
      return left(dataError('batch position', `batch must be an integer in 0..${this.batchesPerEpoch} (${this.batchesPerEpoch} batches per epoch), got ${batch}`));
    }
    this.epoch = batch === this.batchesPerEpoch ? epoch + 1 : epoch;
    this.batch = batch === this.batchesPerEpoch ? 0 : batch;
    return right(this.position());
  }

  /** The next batch, moving on to the next epoch (and its order) after an epoch's last batch. */
  next(): Batch {
    if (this.orderEpoch !== this.epoch) {
      epochOrder(this.indices, this.seed, this.epoch, this.shuffle, this.order);
      this.orderEpoch = this.epoch;
    }
    const start = this.batch * this.batchSize;
    const out = this.partial && this.batch === this.batchesPerEpoch - 1 ? this.partial : this.full;
    this.fill(out, start);
    out.epoch = this.epoch;
    out.batch = this.batch;
    if (++this.batch === this.batchesPerEpoch) {
      this.batch = 0;
      this.epoch++;
    }
    return out;
  }

  /** The batches left in the current epoch (all of them when called at an epoch's start). */
  *restOfEpoch(): Generator<Batch, void, undefined> {
    const epoch = this.epoch;
    while (this.epoch === epoch) yield this.next();
  }

  private fill(out: MutableBatch, start: number): void {
    const { x, labels, size } = out;
    const F = this.features;
    const px = this.dataset.images;
    const lab = this.dataset.labels;
    const order = this.order;
    const table = this.table;
    for (let j = 0; j < size; j++) labels[j] = lab[order[start + j]];
    if (this.layout === 'sample-major') {
      for (let j = 0; j < size; j++) {
        const src = order[start + j] * F;
        const dst = j * F;
        for (let f = 0; f < F; f++) x[dst + f] = table[px[src + f]];
      }
      return;
    }
    // Node-major is a transpose. Blocks of 8 examples keep 8 source rows streaming in and write
    // 8 consecutive floats per feature, instead of one float per cache line.
    let j0 = 0;
    for (; j0 + 8 <= size; j0 += 8) {
      const s0 = order[start + j0] * F, s1 = order[start + j0 + 1] * F, s2 = order[start + j0 + 2] * F, s3 = order[start + j0 + 3] * F;
      const s4 = order[start + j0 + 4] * F, s5 = order[start + j0 + 5] * F, s6 = order[start + j0 + 6] * F, s7 = order[start + j0 + 7] * F;
      for (let f = 0, d = j0; f < F; f++, d += size) {
        x[d] = table[px[s0 + f]];
        x[d + 1] = table[px[s1 + f]];
        x[d + 2] = table[px[s2 + f]];
        x[d + 3] = table[px[s3 + f]];
        x[d + 4] = table[px[s4 + f]];
        x[d + 5] = table[px[s5 + f]];
        x[d + 6] = table[px[s6 + f]];
        x[d + 7] = table[px[s7 + f]];
      }
    }
    for (let j = j0; j < size; j++) {
      const src = order[start + j] * F;
      for (let f = 0, d = j; f < F; f++, d += size) x[d] = table[px[src + f]];
    }
  }
}
