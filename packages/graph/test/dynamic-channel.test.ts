import { describe, expect, it } from 'vitest';
import { isLeft } from 'fp-ts/lib/Either.js';
import { mul, rng, sum, Tensor, tensor, valueAndGrad, withArena } from '@dnw/tensor';
import { channelSpecCodec, createModel, describeErrors, type ChannelParams, type ChannelSpec } from '@dnw/graph';
import { fit } from './helpers.js';
import { numericGrad, projector, randn, relError } from './dynamic-helpers.js';

const tiny: ChannelSpec = {
  kind: 'channel',
  image: { channels: 1, height: 6, width: 6 },
  pool: 2,
  inputs: 2,
  blocks: [3],
  outputs: 2,
  edges: 10,
  strategy: { name: 'dnw' },
};

/** `classes` fixed random templates on an image, each example a template plus noise: x [C*H*W, n]. */
function templates(seed: number, n: number, spec: ChannelSpec, classes: number, noise = 0.5): { x: Tensor; labels: Uint8Array } {
  const r = rng(seed);
  const f = spec.image.channels * spec.image.height * spec.image.width;
  const t = new Float32Array(classes * f);
  r.fillNormal(t, 0, 1);
  const x = new Float32Array(f * n);
  const labels = new Uint8Array(n);
  for (let j = 0; j < n; j++) {
    const c = r.int(classes);
    labels[j] = c;
    for (let i = 0; i < f; i++) x[i * n + j] = t[c * f + i] + noise * r.normal();
  }
  return { x: tensor(x, [f, n]), labels };
}

const chosenEntries = (mask: Uint8Array, offset: number, size: number) => {
  const out: number[] = [];
  for (let i = 0; i < size; i++) if (mask[offset + i] === 1) out.push(i);
  return out;
};

describe('static graph of channel nodes', () => {
  for (const norm of ['instance', 'batch'] as const) it(`${norm} norm: gradients of the stem, the 3x3 kernels and the chosen edges match finite differences`, () => {
    // Two image channels: with one, the input nodes' norm cancels the stem's scale and its gradient is 0.
    const model = createModel({ ...tiny, image: { channels: 2, height: 6, width: 6 }, norm }, 2);
    const p = model.params as ChannelParams;
    const x = randn([72, 3], 5);
    const { r, project } = projector([2, 3], 6);
    const ctx = { training: true, rng: model.rng };
    const [, g] = valueAndGrad((q: ChannelParams) => sum(mul(model.forward(q, x, ctx), r)), { copyResults: true })(p);
    const loss = () => withArena(() => project(model.forward(p, x, ctx)))();
    const es = model.edgeSets[0];
    const checks: [Tensor, Tensor, number[]][] = [
      [p.stem, g.stem, [...Array(p.stem.size).keys()]],
      [p.kernels[0], g.kernels[0], [...Array(p.kernels[0].size).keys()]],
      [p.kernels[1], g.kernels[1], [...Array(p.kernels[1].size).keys()]],
      ...es.parts.map((part, j): [Tensor, Tensor, number[]] => [p.edges[j], g.edges[j], chosenEntries(es.chosen, part.offset, part.rows * part.cols)]),
    ];
    let scale = 0;
    for (const [param, grad, entries] of checks) {
      // Small steps: larger ones cross relu kinks; instance norm over 9-pixel maps is steeper still.
      const numeric = numericGrad(loss, param, entries, norm === 'instance' ? 1e-4 : 1e-3);
      const e = relError(grad.data, entries, numeric);
      scale = Math.max(scale, e.scale);
      expect(e.scale).toBeGreaterThan(1e-3);
      expect(e.rel).toBeLessThan(3e-3);
    }
    expect(scale).toBeGreaterThan(0.05);
  });

  it('instance norm: the logits of an example do not depend on the rest of its batch', () => {
    const model = createModel(tiny, 4);
    const x = randn([36, 5], 9);
    const ctx = { training: false, rng: model.rng };
    const all = withArena(() => Array.from(model.forward(model.params, x, ctx).data))();
    const firstTwo = tensor(Float32Array.from({ length: 36 * 2 }, (_, i) => x.data[Math.floor(i / 2) * 5 + (i % 2)]), [36, 2]);
    const part = withArena(() => Array.from(model.forward(model.params, firstTwo, ctx).data))();
    for (let c = 0; c < 2; c++) for (let b = 0; b < 2; b++) expect(part[c * 2 + b]).toBeCloseTo(all[c * 5 + b], 5);
  });

  it('straight-through: every edge, chosen or not, gets the gradient it would get if it were live', () => {
    const model = createModel(tiny, 3);
    const p = model.params as ChannelParams;
    const x = randn([36, 4], 7);
    const { r } = projector([2, 4], 8);
    const grad = (m: typeof model, q: ChannelParams) =>
      valueAndGrad((qq: ChannelParams) => sum(mul(m.forward(qq, x, { training: true, rng: m.rng }), r)), { copyResults: true })(q)[1];
    const g = grad(model, p);
    // The same graph with the unchosen weights set to 0 and every edge live: its weight gradient is
    // d loss / d W_eff, which is what DNW must give every edge.
    const live = createModel({ ...tiny, strategy: { name: 'complete' } }, 3);
    const lp = live.params as ChannelParams;
    lp.stem.data.set(p.stem.data);
    p.kernels.forEach((k, j) => lp.kernels[j].data.set(k.data));
    const es = model.edgeSets[0];
    withArena(() => model.forward(p, x, { training: true, rng: model.rng }))();
    es.parts.forEach((part, j) => lp.edges[j].data.set(p.edges[j].data.map((v, i) => v * es.chosen[part.offset + i])));
    lp.bias?.data.set(p.bias!.data);
    const gl = grad(live, lp);
    let unchosenLive = 0;
    es.parts.forEach((part, j) => {
      const a = g.edges[j].data;
      const b = gl.edges[j].data;
      let scale = 0;
      for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(b[i]));
      for (let i = 0; i < a.length; i++) {
        expect(Math.abs(a[i] - b[i])).toBeLessThanOrEqual(1e-4 * Math.max(1, scale));
        if (es.chosen[part.offset + i] === 0 && Math.abs(a[i]) > 1e-4) unchosenLive++;
      }
    });
    expect(unchosenLive).toBeGreaterThan(3);
  });

  it('is a function of its seed', () => {
    const spec: ChannelSpec = { ...tiny, strategy: { name: 'random' } };
    const x = randn([36, 2], 1);
    const run = (seed: number) => {
      const m = createModel(spec, seed);
      return withArena(() => Array.from(m.forward(m.params, x, { training: false, rng: m.rng }).data))();
    };
    expect(run(4)).toEqual(run(4));
    expect(run(4)).not.toEqual(run(5));
  });

  it('learns a tiny image task (dnw)', () => {
    const spec: ChannelSpec = {
      kind: 'channel',
      image: { channels: 1, height: 8, width: 8 },
      pool: 2,
      inputs: 4,
      blocks: [8, 8],
      outputs: 4,
      edges: 100,
      strategy: { name: 'dnw' },
    };
    const model = createModel(spec, 1);
    const { first, last, accuracy } = fit(model, templates(3, 64, spec, 4), 60);
    expect(last).toBeLessThan(first * 0.5);
    expect(accuracy).toBeGreaterThan(0.9);
  });

  it('rejects data that is not the spec image, naming both shapes', () => {
    const model = createModel(tiny, 1);
    expect(() => model.forward(model.params, randn([35, 2], 1), { training: true, rng: model.rng })).toThrow(/\[35,2\].*\[36, batch\]/);
  });

  it('decodes its spec at the boundary, naming the bad field', () => {
    expect(isLeft(channelSpecCodec.decode(tiny))).toBe(false);
    const bad = channelSpecCodec.decode({ ...tiny, pool: 4 });
    expect(isLeft(bad) && describeErrors(bad.left)).toMatch(/^pool: 4 does not divide the 6 x 6 image/);
  });
});
