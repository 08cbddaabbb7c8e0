import type { Model, StaticSpec } from './model.js';
import { createStatic, NORM_EPS, staticColumns, staticPairs, type StaticBuffers, type StaticParams } from './static.js';
import { liveness, wiringOf } from './wiring.js';

/**
 * A static graph without its dead hidden nodes, for inference (evaluation mode). A node without a
 * chosen path from an input has a constant input, hence a constant output c = relu(norm(I)); its
 * contribution w c to a live node is folded into that node's running mean (norm(I + o) with mean
 * mu equals norm(I) with mean mu - o) or into an output's bias. Without normalisation every such
 * constant is relu(0) = 0 and the compacted logits are bit-identical; with it they agree up to
 * float rounding. A node without a chosen path to an output feeds nothing. Empty blocks disappear;
 * the surviving edges are a fixed mask (strategy 'fixed').
 */
export function compactStatic(model: Model<StaticSpec>): Model<StaticSpec> {
  const spec = model.spec;
  const params = model.params as unknown as StaticParams;
  const buffers = model.buffers as StaticBuffers | undefined;
  const wiring = wiringOf(model);
  const { live, fromInputs } = liveness(model, wiring);
  const columns = staticColumns(spec);
  const starts: number[] = [];
  columns.reduce((acc, n) => (starts.push(acc), acc + n), 0);
  const last = spec.blocks.length + 1;
  const es = model.edgeSets[0];
  const chosenAt = new Uint8Array(es.size);
  for (const i of wiring.sets[0].index) chosenAt[i] = 1;
  const oldPairs = staticPairs(spec);

  // Constant inputs (offsets) from unreachable nodes, block by block in topological order.
  const count = starts[last] + spec.outputs;
  const offset = new Float64Array(count);
  const constant = new Float64Array(count);
  for (let b = 1; b <= last; b++) {
    oldPairs.forEach((pair, i) => {
      if (pair.to !== b || pair.from >= pair.to || pair.from === 0) return;
      const part = es.parts[i];
      const w = params.edges[i].data;
      for (let r = 0; r < part.rows; r++) {
        for (let c = 0; c < part.cols; c++) {
          const u = part.fromStart + c;
          if (fromInputs[u] || !chosenAt[part.offset + r * part.cols + c]) continue;
          offset[part.toStart + r] += w[r * part.cols + c] * constant[u];
        }
      }
    });
    if (b === last) break;
    for (let i = 0; i < columns[b]; i++) {
      const v = starts[b] + i;
      if (fromInputs[v]) continue;
      const z = buffers === undefined ? offset[v] : (offset[v] - buffers.runningMean[b - 1].data[i]) / Math.sqrt(buffers.runningVar[b - 1].data[i] + NORM_EPS);
      constant[v] = Math.max(0, z);
    }
  }

  // Kept local indices per column: all inputs and outputs, the live nodes of each hidden block.
  const kept: number[][] = columns.map((n, b) => {
    const all = Array.from({ length: n }, (_, i) => i);
    return b === 0 || b === last ? all : all.filter((i) => live[starts[b] + i] === 1);
  });
  const newColumnOf: number[] = [];
  const newBlocks: number[] = [];
  for (let b = 0; b <= last; b++) {
    if (b === 0) newColumnOf.push(0);
    else if (b === last) newColumnOf.push(newBlocks.length + 1);
    else if (kept[b].length > 0) newColumnOf.push(newBlocks.push(kept[b].length));
    else newColumnOf.push(-1);
  }
  const oldColumnOf = new Map<number, number>();
  newColumnOf.forEach((c, b) => c >= 0 && oldColumnOf.set(c, b));
  const oldPairIndex = new Map(oldPairs.map((p, i) => [`${p.from}>${p.to}`, i]));

  const outOffset = Array.from({ length: spec.outputs }, (_, o) => offset[starts[last] + o]);
  const needBias = (spec.outputBias ?? true) || outOffset.some((x) => x !== 0);
  const base: StaticSpec = { ...spec, blocks: newBlocks, maskBackwardEdges: true, outputBias: needBias, strategy: { name: 'fixed' } };
  const newPairs = staticPairs(base);
  const weights: Float32Array[] = [];
  const masks: Uint8Array[] = [];
  let edges = 0;
  for (const { from, to } of newPairs) {
    const of = oldColumnOf.get(from)!;
    const ot = oldColumnOf.get(to)!;
    const i = oldPairIndex.get(`${of}>${ot}`)!;
    const part = es.parts[i];
    const w = params.edges[i].data;
    const rows = kept[ot];
    const cols = kept[of];
    const nw = new Float32Array(rows.length * cols.length);
    const nm = new Uint8Array(rows.length * cols.length);
    rows.forEach((r, ri) => {
      cols.forEach((c, ci) => {
        const local = r * part.cols + c;
        nw[ri * cols.length + ci] = w[local];
        // Edges from unreachable sources are already folded into offsets.
        if (chosenAt[part.offset + local] && live[starts[of] + c]) {
          nm[ri * cols.length + ci] = 1;
          edges++;
        }
      });
    });
    weights.push(nw);
    masks.push(nm);
  }
  const mask = new Uint8Array(masks.reduce((n, m) => n + m.length, 0));
  masks.reduce((off, m) => (mask.set(m, off), off + m.length), 0);
  const out = createStatic({ ...base, edges }, 0, [{ mask }]);
  const outParams = out.params as unknown as StaticParams;
  weights.forEach((w, i) => outParams.edges[i].data.set(w));
  if (outParams.bias !== undefined) {
    for (let o = 0; o < spec.outputs; o++) outParams.bias.data[o] = (params.bias?.data[o] ?? 0) + outOffset[o];
  }
  const outBuffers = out.buffers as StaticBuffers | undefined;
  if (buffers !== undefined && outBuffers !== undefined) {
    let nb = 0;
    for (let b = 1; b < last; b++) {
      if (kept[b].length === 0) continue;
      kept[b].forEach((i, j) => {
        outBuffers.runningMean[nb].data[j] = buffers.runningMean[b - 1].data[i] - offset[starts[b] + i];
        outBuffers.runningVar[nb].data[j] = buffers.runningVar[b - 1].data[i];
      });
      nb++;
    }
  }
  return out;
}
