import { describe, expect, it } from 'vitest';
import type { TrainEvent } from '@dnw/pipeline';
import { collectEvents } from '../src/run-cli.js';
import { spliceBlock, BEGIN, END } from '../src/docs.js';

const ev = (e: object): TrainEvent => ({ v: 1, ...e }) as TrainEvent;
const done = ev({ type: 'done', step: 20, epoch: 1, test: { loss: 0.3, accuracy: 0.9 }, validation: null, edges: 5, liveNodes: 7, flops: 10, seconds: 2, paths: { checkpoint: null, model: null } });

describe('collectEvents', () => {
  it('keeps churn counts, test evaluations and the epochs done', () => {
    const c = collectEvents();
    c.add(ev({ type: 'start', stepsPerEpoch: 8 }));
    c.add(ev({ type: 'rewire', step: 0, added: [[0, 1, 0.5], [1, 2, 0.1]], removed: [], edges: 2, liveNodes: 3 }));
    c.add(ev({ type: 'rewire', step: 10, added: [[0, 2, 0.3]], removed: [[0, 1, 0.01]], edges: 2, liveNodes: 3 }));
    c.add(ev({ type: 'eval', step: 8, epoch: 0, split: 'validation', loss: 1, accuracy: 0.5 }));
    c.add(ev({ type: 'eval', step: 8, epoch: 0, split: 'test', loss: 1, accuracy: 0.6 }));
    c.add(done);
    const out = c.outcome();
    expect(typeof out).toBe('object');
    if (typeof out === 'string') return;
    expect(out.churn).toEqual([
      { step: 0, added: 2, removed: 0, edges: 2 },
      { step: 10, added: 1, removed: 1, edges: 2 },
    ]);
    expect(out.evals).toEqual([{ step: 8, accuracy: 0.6 }]);
    expect(out.epochs).toBe(2.5);
    expect(out.done.test.accuracy).toBe(0.9);
  });

  it('reports an error event, and a stream cut before done', () => {
    const failed = collectEvents();
    failed.add(ev({ type: 'error', kind: 'non-finite-loss', message: 'loss is NaN', step: 12 }));
    expect(failed.outcome()).toBe('non-finite-loss error at step 12: loss is NaN');
    expect(collectEvents().outcome()).toBe('the run ended without a done event');
  });
});

describe('spliceBlock', () => {
  const block = `${BEGIN}\nnew tables\n${END}`;
  it('replaces only the generated part, keeping the prose around it', () => {
    const doc = `# Results\n\nprose before\n\n${BEGIN}\nold tables\n${END}\n\nprose after\n`;
    expect(spliceBlock(doc, block)).toBe(`# Results\n\nprose before\n\n${block}\n\nprose after\n`);
  });
  it('appends the block to a document without one', () => {
    expect(spliceBlock('# Results\n', block)).toBe(`# Results\n\n${block}\n`);
  });
});
