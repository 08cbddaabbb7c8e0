import { batchNorm, type Tensor } from '@dnw/tensor';

/**
 * Batch normalisation of node-major states x [nodes, batch] with batch statistics: every node
 * (row) is normalised by its own batch mean and variance, without an affine part (the edge
 * weights already scale a node). A node whose input is zero for the whole batch outputs exactly
 * zero, which is what lets a compacted graph drop nodes without in-edges.
 */
export const nodeBatchNorm = (x: Tensor): Tensor => batchNorm(x, { axis: 0 });
