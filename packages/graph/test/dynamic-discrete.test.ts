import { describe, expect, it } from 'vitest';
import { isLeft } from 'fp-ts/lib/Either.js';
import { mul, sum, tensor, valueAndGrad, withArena, type Tensor } from '@dnw/tensor';
import { createModel, describeErrors, discreteSpecCodec, lossAndGrad, modelKind, type DiscreteSpec, type DynamicParams } from '@dnw/graph';
import { blobs, fit } from './helpers.js';
import { projector, randn } from './dynamic-helpers.js';

/**
 * The discrete-time graph written out with plain loops in float64: W_eff = W . mask (the caller's
 * mask), Z(0) = [x; 0], Z(t) = relu(norm(W_eff Z(t-1))) for t < T, logits from I(T) = W_eff Z(T-1).
 *
 * `kinks` pins relu's convention at 0: every call of the node op pushes (or, when given, reads) the
 * positions whose normalised input was exactly 0. Nodes start at 0 and nodes without live inputs
 * stay there, so relu is evaluated exactly on its kink; the tape (like PyTorch) takes derivative 0
 * there, a plain central difference would take 1/2. Reading the base point's kinks back during the
 * differences gives the same convention, so the comparison tests the rule, not the convention.
 */
function handForward(
  wEff: Float64Array,
  n: number,
  x: Tensor,
  o: { inputs: number; outputs: number; steps: number; norm: boolean; clamp: boolean; readout: 'input' | 'state' },
  kinks: Uint8Array[],
  readKinks: boolean,
): Float64Array {
  const b = x.shape[1];
  let z = new Float64Array(n * b);
  for (let i = 0; i < o.inputs * b; i++) z[i] = x.data[i];
  const product = (s: Float64Array) => {
    const out = new Float64Array(n * b);
    for (let v = 0; v < n; v++) for (let u = 0; u < n; u++) for (let j = 0; j < b; j++) out[v * b + j] += wEff[v * n + u] * s[u * b + j];
    return out;
  };
  let call = 0;
  const nodeOp = (inp: Float64Array) => {
    const out = new Float64Array(n * b);
    const kink = readKinks ? kinks[call++] : new Uint8Array(n * b);
    if (!readKinks) kinks.push(kink);
    for (let v = 0; v < n; v++) {
      let mean = 0;
      let vr = 0;
      for (let j = 0; j < b; j++) mean += inp[v * b + j] / b;
      for (let j = 0; j < b; j++) vr += (inp[v * b + j] - mean) ** 2 / b;
      for (let j = 0; j < b; j++) {
        const y = o.norm ? (inp[v * b + j] - mean) / Math.sqrt(vr + 1e-5) : inp[v * b + j];
        if (!readKinks && y === 0) kink[v * b + j] = 1;
        out[v * b + j] = kink[v * b + j] === 1 ? 0 : Math.max(0, y);
      }
    }
    if (o.clamp) for (let i = 0; i < o.inputs * b; i++) out[i] = x.data[i];
    return out;
  };
  for (let t = 1; t < o.steps; t++) z = nodeOp(product(z));
  const last = product(z);
  const m = o.readout === 'input' ? last : nodeOp(last);
  return m.slice((n - o.outputs) * b);
}

/** The k largest |w| over the allowed positions (ties: lower index), by sorting. */
function handTopk(w: Float32Array, k: number, allowed: (i: number) => boolean): Uint8Array {
  const idx = [...w.keys()].filter(allowed).sort((a, c) => Math.abs(w[c]) - Math.abs(w[a]) || a - c);
  const mask = new Uint8Array(w.length);
  for (const i of idx.slice(0, k)) mask[i] = 1;
  return mask;
}

const cases = [
  { norm: 'none', clampInputs: false, readout: 'input' },
  { norm: 'batch', clampInputs: false, readout: 'input' },
  { norm: 'none', clampInputs: true, readout: 'state' },
  { norm: 'batch', clampInputs: true, readout: 'state' },
] as const;

describe('discrete-time dynamic graph', () => {
  for (const c of cases) {
    it(`matches a hand-unrolled T = 3 computation, forward and straight-through gradient (norm ${c.norm}, clamp ${c.clampInputs}, readout ${c.readout})`, () => {
      const spec: DiscreteSpec = {
        kind: 'discrete',
        inputs: 2,
        hidden: 3,
        outputs: 2,
        edges: 20,
        strategy: { name: 'dnw' },
        steps: 3,
        norm: c.norm,
        clampInputs: c.clampInputs,
        readout: c.readout,
        outputBias: false,
      };
      const n = 7;
      const model = createModel(spec, 3);
      const p = model.params as DynamicParams;
      const x = randn([2, 5], 4);
      const allowed = (i: number) => !c.clampInputs || Math.floor(i / n) >= spec.inputs;
      const mask = handTopk(p.w.data, spec.edges, allowed);
      const opts = { inputs: 2, outputs: 2, steps: 3, norm: c.norm === 'batch', clamp: c.clampInputs, readout: c.readout };
      const { r } = projector([2, 5], 8);
      const ctx = { training: true, rng: model.rng };

      const [, grads] = valueAndGrad((q: DynamicParams) => sum(mul(model.forward(q, x, ctx), r)), { copyResults: true })(p);
      expect(Array.from(model.edgeSets[0].chosen)).toEqual(Array.from(mask));
      const logits = withArena(() => Float32Array.from(model.forward(p, x, ctx).data))();
      const wEff = Float64Array.from(p.w.data, (v, i) => v * mask[i]);
      const kinks: Uint8Array[] = [];
      const want = handForward(wEff, n, x, opts, kinks, false);
      for (let i = 0; i < want.length; i++) expect(logits[i]).toBeCloseTo(want[i], 4);

      // d<r, logits>/dW_eff by central differences in float64: for a chosen edge this is dL/dw; for
      // any other edge it is what DNW's straight-through rule must give it (the gradient it would
      // get if it were live). Disallowed edges (into clamped inputs) get nothing.
      const eps = 1e-6;
      let worst = 0;
      let scale = 0;
      let liveOnUnchosen = 0;
      for (let i = 0; i < n * n; i++) {
        const keep = wEff[i];
        wEff[i] = keep + eps;
        const up = handForward(wEff, n, x, opts, kinks, true);
        wEff[i] = keep - eps;
        const down = handForward(wEff, n, x, opts, kinks, true);
        wEff[i] = keep;
        let d = 0;
        for (let j = 0; j < up.length; j++) d += (r.data[j] * (up[j] - down[j])) / (2 * eps);
        const expected = allowed(i) ? d : 0;
        worst = Math.max(worst, Math.abs(grads.w.data[i] - expected));
        scale = Math.max(scale, Math.abs(expected));
        if (mask[i] === 0 && allowed(i) && Math.abs(grads.w.data[i]) > 1e-3) liveOnUnchosen++;
      }
      expect(scale).toBeGreaterThan(0.1);
      expect(worst / scale).toBeLessThan(1e-3);
      // The straight-through rule really reaches edges outside the graph.
      expect(liveOnUnchosen).toBeGreaterThan(3);
    });
  }

  it('dnw-no-update gives unchosen edges no gradient', () => {
    const model = createModel({ kind: 'discrete', inputs: 3, hidden: 4, outputs: 2, edges: 12, strategy: { name: 'dnw-no-update' } }, 5);
    const data = blobs(2, 16, 3, 2);
    const { grads } = lossAndGrad(model, data);
    const g = (grads as DynamicParams).w.data;
    const chosen = model.edgeSets[0].chosen;
    let unchosen = 0;
    let chosenLive = 0;
    for (let i = 0; i < g.length; i++) {
      if (chosen[i] === 0) unchosen = Math.max(unchosen, Math.abs(g[i]));
      else if (g[i] !== 0) chosenLive++;
    }
    expect(unchosen).toBe(0);
    expect(chosenLive).toBeGreaterThan(0);
  });

  it('is a function of its seed', () => {
    const spec: DiscreteSpec = { kind: 'discrete', inputs: 4, hidden: 6, outputs: 3, edges: 20, strategy: { name: 'random' } };
    const a = createModel(spec, 9);
    const b = createModel(spec, 9);
    const c = createModel(spec, 10);
    const x = randn([4, 6], 1);
    const run = (m: typeof a) => withArena(() => Array.from(m.forward(m.params, x, { training: false, rng: m.rng }).data))();
    expect(Array.from((a.params as DynamicParams).w.data)).toEqual(Array.from((b.params as DynamicParams).w.data));
    expect(run(a)).toEqual(run(b));
    expect(Array.from(a.edgeSets[0].chosen)).toEqual(Array.from(b.edgeSets[0].chosen));
    expect(run(a)).not.toEqual(run(c));
  });

  it('learns a tiny task (dnw, 10% of the N x N edges, T = 5)', () => {
    const model = createModel({ kind: 'discrete', inputs: 16, hidden: 32, outputs: 4, edges: 270, strategy: { name: 'dnw' } }, 1);
    const { first, last, accuracy } = fit(model, blobs(7, 128, 16, 4), 150);
    expect(last).toBeLessThan(first * 0.5);
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('rejects data of the wrong width with a ShapeError naming both shapes', () => {
    const model = createModel({ kind: 'discrete', inputs: 4, hidden: 2, outputs: 2, edges: 8, strategy: { name: 'dnw' } }, 1);
    expect(() => model.forward(model.params, tensor(new Float32Array(15), [5, 3]), { training: true, rng: model.rng })).toThrow(/\[5,3\].*4 input nodes/);
  });

  it('decodes its spec at the boundary, naming the bad field', () => {
    expect(modelKind('discrete')).toBeDefined();
    const ok = discreteSpecCodec.decode({ kind: 'discrete', inputs: 4, hidden: 2, outputs: 2, edges: 8, strategy: { name: 'dnw' }, steps: 3 });
    expect(isLeft(ok)).toBe(false);
    const bad = discreteSpecCodec.decode({ kind: 'discrete', inputs: 4, hidden: 2, outputs: 2, edges: 8, strategy: { name: 'dnw' }, steps: 0 });
    expect(isLeft(bad) && describeErrors(bad.left)).toMatch(/^steps: must be a positive integer/);
  });
});
