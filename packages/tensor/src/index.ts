// @dnw/tensor: typed-array tensors, seeded randomness, reverse-mode autodiff, kernels.
export { ShapeError, isShapeError, showShape } from './errors.js';
export { Tensor, tensor, tensorE, empty, zeros, full, scalar, isTensor, sameShape, shapeSize } from './tensor.js';
export { rng, fromState, type Rng, type RngState } from './rng.js';
export { toNdarray, fromNdarray } from './ndarray.js';

export { valueAndGrad, grad, withArena, type GradOptions, type Traced } from './autodiff/valueAndGrad.js';
export { customVjp, type CustomForward } from './autodiff/customVjp.js';
export { arenaAllocations } from './autodiff/arena.js';
export { checkGrad, type GradCheck } from './gradcheck.js';
export { type Grads } from './autodiff/pytree.js';

export { matmul, maskedMatmul, topkMask, type MatmulOpts, type MaskedMatmulOpts } from './ops/linalg.js';
export { csrFromMask, spmm } from './ops/sparse.js';
export { add, sub, mul, scale, addBias, addBiasRelu, relu, tanh, sigmoid } from './ops/elementwise.js';
export { sum, mean } from './ops/reduce.js';
export { softmaxCrossEntropy, type SoftmaxCrossEntropyOpts } from './ops/loss.js';
export { batchNorm, layerNorm, type BatchNormOpts, type LayerNormOpts } from './ops/norm.js';
export { reshape, slice, concat } from './ops/layout.js';
export { depthwiseConv3x3, type DepthwiseConvOpts } from './ops/conv.js';

export * from './kernels/index.js';
