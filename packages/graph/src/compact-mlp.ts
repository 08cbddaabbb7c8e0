import type { MlpSpec, Model } from './model.js';
import { createMlp, type MlpParams } from './sparse-mlp.js';
import { wiringOf } from './wiring.js';

/**
 * An MLP without its dead hidden units, for inference. A unit with no chosen path from the inputs
 * outputs a constant relu(b + ...), folded into the next layer's biases; a unit with no chosen path
 * to an output is dropped. Equal to the full model's logits up to float rounding (the folded
 * constants are summed in another order). A layer left empty keeps one unit without edges.
 */
export function compactMlp(model: Model<MlpSpec>): Model<MlpSpec> {
  const { sizes } = model.spec;
  const params = model.params as unknown as MlpParams;
  const wiring = wiringOf(model);
  const layers = sizes.length - 1;
  const chosen = model.edgeSets.map((es, l) => {
    const m = new Uint8Array(es.size);
    for (const i of wiring.sets[l].index) m[i] = 1;
    return m;
  });

  // Forward reach and the constants of unreached units, layer by layer.
  const fwd: Uint8Array[] = [new Uint8Array(sizes[0]).fill(1)];
  const konst: Float64Array[] = [new Float64Array(sizes[0])];
  for (let l = 0; l < layers; l++) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    const w = params.layers[l].w.data;
    const b = params.layers[l].b.data;
    const reached = new Uint8Array(fanOut);
    const c = new Float64Array(fanOut);
    for (let v = 0; v < fanOut; v++) {
      let s = b[v];
      for (let u = 0; u < fanIn; u++) {
        if (!chosen[l][v * fanIn + u]) continue;
        if (fwd[l][u]) reached[v] = 1;
        else s += w[v * fanIn + u] * konst[l][u];
      }
      c[v] = l + 1 < layers ? Math.max(0, s) : s;
    }
    fwd.push(reached);
    konst.push(c);
  }
  // Backward reach from the outputs.
  const bwd: Uint8Array[] = sizes.map((n) => new Uint8Array(n));
  bwd[layers].fill(1);
  for (let l = layers - 1; l >= 0; l--) {
    const [fanIn, fanOut] = [sizes[l], sizes[l + 1]];
    for (let v = 0; v < fanOut; v++) {
      if (!bwd[l + 1][v]) continue;
      for (let u = 0; u < fanIn; u++) if (chosen[l][v * fanIn + u]) bwd[l][u] = 1;
    }
  }
  const kept: number[][] = sizes.map((n, l) => {
    const all = Array.from({ length: n }, (_, i) => i);
    if (l === 0 || l === layers) return all;
    const live = all.filter((u) => fwd[l][u] && bwd[l][u]);
    return live.length > 0 ? live : [0];
  });
  const isLive = (l: number, u: number) => l === 0 || (fwd[l][u] === 1 && bwd[l][u] === 1);

  const newSizes = kept.map((k) => k.length);
  const masks: Uint8Array[] = [];
  const ws: Float32Array[] = [];
  const bs: Float32Array[] = [];
  for (let l = 0; l < layers; l++) {
    const fanIn = sizes[l];
    const w = params.layers[l].w.data;
    const b = params.layers[l].b.data;
    const rows = kept[l + 1];
    const cols = kept[l];
    const nw = new Float32Array(rows.length * cols.length);
    const nm = new Uint8Array(rows.length * cols.length);
    const nb = new Float32Array(rows.length);
    rows.forEach((v, ri) => {
      let bias = b[v];
      for (let u = 0; u < fanIn; u++) if (chosen[l][v * fanIn + u] && !fwd[l][u]) bias += w[v * fanIn + u] * konst[l][u];
      nb[ri] = bias;
      cols.forEach((u, ci) => {
        nw[ri * cols.length + ci] = w[v * fanIn + u];
        if (chosen[l][v * fanIn + u] && isLive(l, u)) nm[ri * cols.length + ci] = 1;
      });
    });
    masks.push(nm);
    ws.push(nw);
    bs.push(nb);
  }
  const spec: MlpSpec = {
    ...model.spec,
    sizes: newSizes,
    keepPerLayer: masks.map((m) => (m.length === 0 ? 0 : m.reduce((n, x) => n + x, 0) / m.length)),
    strategy: { name: 'fixed' },
  };
  const out = createMlp(spec, 0, masks.map((mask) => ({ mask })));
  const outParams = out.params as unknown as MlpParams;
  for (let l = 0; l < layers; l++) {
    outParams.layers[l].w.data.set(ws[l]);
    outParams.layers[l].b.data.set(bs[l]);
  }
  return out;
}
