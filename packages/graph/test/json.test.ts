import { describe, expect, it } from 'vitest';
import { isLeft, isRight } from 'fp-ts/lib/Either.js';
import {
  copyParams,
  createModel,
  lossAndGrad,
  lotteryFrom,
  modelFromJSON,
  modelToJSON,
  paramEntries,
  sgd,
  type Model,
  type ModelSpec,
} from '@dnw/graph';
import { blobs } from './helpers.js';

const staticSpec: ModelSpec = { kind: 'static', inputs: 10, blocks: [6, 6], outputs: 3, edges: 30, strategy: { name: 'targeted-dropout', dropRate: 0.3 } };
const mlpSpec: ModelSpec = { kind: 'mlp', sizes: [10, 8, 3], keep: 0.2, strategy: { name: 'random' } };

function trainedModel(spec: ModelSpec): Model {
  const m = createModel(spec, 5);
  const data = blobs(1, 16, 10, 3);
  const opt = sgd({ lr: 0.1 });
  for (let s = 0; s < 3; s++) opt.step(m.params, lossAndGrad(m, data).grads);
  return m;
}

const bits = (m: Model) => paramEntries(m.params).map((e) => ({ path: e.path, bytes: Array.from(new Uint8Array(e.tensor.data.buffer.slice(0)))}));

function decodeOk(u: unknown): Model {
  const r = modelFromJSON(u);
  if (isLeft(r)) throw new Error(r.left.message);
  return r.right;
}

const errorOf = (u: unknown): string => {
  const r = modelFromJSON(u);
  if (isRight(r)) throw new Error('expected a decoding error');
  return r.left.message;
};

describe('model JSON', () => {
  it.each([
    ['static + targeted dropout', staticSpec],
    ['mlp + random graph', mlpSpec],
  ])('round-trips bit for bit through a JSON string (%s), in both encodings', (_, spec) => {
    const m = trainedModel(spec);
    for (const encoding of ['base64', 'array'] as const) {
      const back = decodeOk(JSON.parse(JSON.stringify(modelToJSON(m, { encoding }))));
      expect(back.spec).toEqual(m.spec);
      expect(bits(back)).toEqual(bits(m));
      if (m.buffers !== undefined) {
        expect(paramEntries(back.buffers!).map((e) => Array.from(e.tensor.data))).toEqual(paramEntries(m.buffers).map((e) => Array.from(e.tensor.data)));
        expect(paramEntries(m.buffers).some((e) => e.tensor.data.some((x) => x !== 0 && x !== 1))).toBe(true);
      }
      expect(back.edgeSets.map((es) => es.strategy.state())).toEqual(m.edgeSets.map((es) => es.strategy.state()));
      // Training resumes identically (same weights, masks and dropout stream).
      const data = blobs(2, 16, 10, 3);
      const ref = decodeOk(JSON.parse(JSON.stringify(modelToJSON(m))));
      expect(lossAndGrad(back, data).loss).toBe(lossAndGrad(ref, data).loss);
    }
  });

  it('keeps a lottery ticket: its frozen mask and rewind weights', () => {
    const spec: ModelSpec = { kind: 'mlp', sizes: [10, 8, 3], keep: 0.3, strategy: { name: 'complete' } };
    const m = createModel(spec, 1);
    const init = copyParams(m.params);
    const opt = sgd({ lr: 0.1 });
    const data = blobs(1, 16, 10, 3);
    for (let s = 0; s < 3; s++) opt.step(m.params, lossAndGrad(m, data).grads);
    const lt = lotteryFrom(m, init);
    const back = decodeOk(JSON.parse(JSON.stringify(modelToJSON(lt))));
    expect(back.spec.strategy.name).toBe('lottery');
    // Sizes [10, 8, 3]: two frozen edge sets.
    expect(back.edgeSets.map((es) => es.strategy.state())).toEqual(lt.edgeSets.map((es) => es.strategy.state()));
    expect(back.edgeSets.map((es) => es.strategy.state().mask?.length)).toEqual([10 * 8, 8 * 3]);
  });

  it('rejects malformed and mismatched input, naming the field', () => {
    const good = modelToJSON(trainedModel(staticSpec), { encoding: 'array' });
    const j = () => JSON.parse(JSON.stringify(good));

    expect(errorOf(null)).toMatch(/^\(root\)|format/);
    expect(errorOf({ ...j(), format: 'other' })).toMatch(/^format: /);
    expect(errorOf({ ...j(), version: 2 })).toMatch(/^version: /);
    expect(errorOf({ ...j(), spec: { ...good.spec, kind: 'nope' } })).toMatch(/^spec\.kind: unknown model kind 'nope'/);
    expect(errorOf({ ...j(), spec: { ...good.spec, blocks: [6, 'x'] } })).toMatch(/^spec\.blocks\[1\]: /);
    expect(errorOf({ ...j(), spec: { ...good.spec, blocks: [6, -1] } })).toMatch(/^spec\.blocks\[1\]: must be a positive integer/);
    expect(errorOf({ ...j(), spec: { ...good.spec, strategy: { name: 'targeted-dropout', dropRate: 2 } } })).toMatch(/^spec\.strategy\.dropRate: must be in \[0, 1\]/);
    expect(errorOf({ ...j(), spec: { ...good.spec, strategy: { name: 'magic' } } })).toMatch(/^spec\.strategy\.name: /);

    const short = j();
    short.params['edges[2]'].data = [1, 2, 3];
    const want = good.params['edges[2]'].shape[0] * good.params['edges[2]'].shape[1];
    expect(errorOf(short)).toBe(`params.edges[2]: expected ${want} numbers, got 3`);

    const shape = j();
    shape.params['edges[0]'].shape = [1, 2];
    expect(errorOf(shape)).toMatch(/^params\.edges\[0\]\.shape: expected \[6,10\], got \[1,2\]/);

    const missing = j();
    delete missing.params.bias;
    expect(errorOf(missing)).toMatch(/^params\.bias: missing/);

    const extra = j();
    extra.params.stray = { shape: [1], data: [0] };
    expect(errorOf(extra)).toMatch(/^params\.stray: not a parameter/);

    const nan = j();
    nan.params['edges[1]'].data[4] = null;
    expect(errorOf(nan)).toMatch(/^params\.edges\[1\]\.data/);

    const mismatch = { ...j(), spec: { ...good.spec, blocks: [6, 7] } };
    expect(errorOf(mismatch)).toMatch(/^params\.edges\[\d\]/);

    const noBuffers = j();
    delete noBuffers.buffers;
    expect(errorOf(noBuffers)).toMatch(/^buffers: missing/);
    const shortBuffer = j();
    shortBuffer.buffers['runningVar[1]'].data = [1];
    expect(errorOf(shortBuffer)).toBe('buffers.runningVar[1]: expected 6 numbers, got 1');

    const badMask = j();
    badMask.strategies = [{ mask: 'AAAA' }];
    expect(errorOf({ ...badMask, spec: { ...good.spec, strategy: { name: 'fixed' } } })).toMatch(/^strategies\[0\]\.mask: expected \d+ bytes, got 3/);
    expect(errorOf({ ...j(), spec: { ...good.spec, strategy: { name: 'fine-tune' } } })).toMatch(/^strategies: .*frozen mask/);
    expect(errorOf({ ...j(), strategies: [] })).toMatch(/^strategies: expected 1 entries/);
    const b64 = modelToJSON(trainedModel(staticSpec));
    expect(errorOf({ ...b64, params: { ...b64.params, bias: { shape: [3], data: 'not*base64' } } })).toMatch(/^params\.bias\.data: not valid base64/);
  });
});
