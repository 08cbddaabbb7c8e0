// Entry of the kernels module. No managed runtime: every kernel takes raw byte addresses into the
// imported linear memory, which the host lays out (allocations, scratch) above heapBase().
export { matmul, matmulScratchFloats } from './matmul';
export { topkMask, topkSelect, topkScratchBytes } from './topk';
export { minOf, countNotEqual, csrExcept, transposeWithSums, weightGradCsr } from './weight_grad';
export { sgdUpdate } from './sgd';
export { biasRelu, reluGrad } from './relu';
export { normRows, normRowsGrad } from './norm_rows';
export { countNonzero, csrFill, csrCheck, spmm, spmmT } from './sparse';

/** First byte the host may use: everything below holds this module's static data. */
export function heapBase(): usize {
  return __heap_base;
}
