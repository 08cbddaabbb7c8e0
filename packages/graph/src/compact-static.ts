import type { Model, StaticSpec } from './model.js';
import { createStatic, staticColumns, staticPairs, type StaticParams } from './static.js';
import { liveness, wiringOf } from './wiring.js';

/**
 * A static graph without its dead hidden nodes, for inference. Exact: a node without a chosen path
 * from an input has a zero input, and relu(norm(0)) is exactly 0, so its edges add exact zeros; a
 * node without a path to an output feeds nothing. Empty blocks disappear; the result carries the
 * surviving edges as a fixed mask (strategy 'fixed').
 */
export function compactStatic(model: Model<StaticSpec>): Model<StaticSpec> {
  const spec = model.spec;
  const params = model.params as unknown as StaticParams;
  const wiring = wiringOf(model);
  const { live } = liveness(model, wiring);
  const columns = staticColumns(spec);
  const starts: number[] = [];
  columns.reduce((acc, n) => (starts.push(acc), acc + n), 0);
  const last = spec.blocks.length + 1;

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

  const oldPairs = staticPairs(spec);
  const oldPairIndex = new Map(oldPairs.map((p, i) => [`${p.from}>${p.to}`, i]));
  const chosen = wiring.sets[0];
  const chosenAt = new Uint8Array(model.edgeSets[0].size);
  for (const i of chosen.index) chosenAt[i] = 1;

  const base: StaticSpec = { ...spec, blocks: newBlocks, maskBackwardEdges: true, strategy: { name: 'fixed' } };
  const newPairs = staticPairs(base);
  const weights: Float32Array[] = [];
  const masks: Uint8Array[] = [];
  let edges = 0;
  for (const { from, to } of newPairs) {
    const of = oldColumnOf.get(from)!;
    const ot = oldColumnOf.get(to)!;
    const i = oldPairIndex.get(`${of}>${ot}`)!;
    const part = model.edgeSets[0].parts[i];
    const w = params.edges[i].data;
    const rows = kept[ot];
    const cols = kept[of];
    const nw = new Float32Array(rows.length * cols.length);
    const nm = new Uint8Array(rows.length * cols.length);
    rows.forEach((r, ri) => {
      cols.forEach((c, ci) => {
        const local = r * part.cols + c;
        nw[ri * cols.length + ci] = w[local];
        // An edge from a dead source carries an exact zero: dropping it changes no sum.
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
  if (params.bias !== undefined && outParams.bias !== undefined) outParams.bias.data.set(params.bias.data);
  return out;
}
