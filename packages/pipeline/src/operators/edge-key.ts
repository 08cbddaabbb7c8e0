/**
 * Edges keyed by one number, so sets of tens of thousands of edges are plain Maps. from * 2^26 + to
 * stays an exact double for any graph of fewer than 2^26 nodes.
 */
const SHIFT = 2 ** 26;

export const edgeKey = (from: number, to: number): number => from * SHIFT + to;
