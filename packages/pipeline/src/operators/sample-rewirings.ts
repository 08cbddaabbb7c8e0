import { concat, defer, mergeMap, throwError, type OperatorFunction } from 'rxjs';
import { EVENT_VERSION, type EdgeTriple, type RewireEvent, type TrainEvent } from '../events.js';
import { edgeKey } from './edge-key.js';

/**
 * Lets at most one `rewire` event through per `n` training steps, each one the composition of the
 * rewirings it replaces: an edge added and then removed inside the window (or removed and added
 * back) is in neither set, as its membership did not change. The first rewire passes at once (it carries the whole
 * wiring); held changes are flushed before `done`, `error` and completion, so composing the output
 * still gives the final wiring. Other events pass unchanged.
 *
 * ```
 * rewire at steps:  0---10--20--30--|
 * sampleRewirings(20):
 *                   0-------20------(30|)
 * ```
 */
export const sampleRewirings =
  (n: number): OperatorFunction<TrainEvent, TrainEvent> =>
  (source) =>
    defer(() => {
      if (!(Number.isInteger(n) && n > 0)) return throwError(() => new RangeError(`sampleRewirings: n must be a positive integer, got ${n}`));
      let lastStep: number | null = null;
      let held: RewireEvent | null = null;
      const added = new Map<number, EdgeTriple>();
      const removed = new Map<number, EdgeTriple>();

      const hold = (e: RewireEvent): void => {
        for (const edge of e.removed) {
          const key = edgeKey(edge[0], edge[1]);
          if (added.has(key)) added.delete(key);
          else removed.set(key, edge);
        }
        for (const edge of e.added) {
          const key = edgeKey(edge[0], edge[1]);
          if (removed.has(key)) removed.delete(key);
          else added.set(key, edge);
        }
        held = e;
      };

      /** The held changes as one event (and nothing held any more), or none. */
      const flush = (): RewireEvent[] => {
        if (held === null) return [];
        const out: RewireEvent = {
          v: EVENT_VERSION,
          type: 'rewire',
          step: held.step,
          added: [...added.values()],
          removed: [...removed.values()],
          edges: held.edges,
          liveNodes: held.liveNodes,
          // The last event's weights describe the wiring after the whole window, which is the composed one.
          ...(held.weights !== undefined ? { weights: held.weights } : {}),
        };
        lastStep = held.step;
        held = null;
        added.clear();
        removed.clear();
        return [out];
      };

      const handle = (e: TrainEvent): TrainEvent[] => {
        if (e.type === 'rewire') {
          hold(e);
          return lastStep === null || e.step - lastStep >= n ? flush() : [];
        }
        return e.type === 'done' || e.type === 'error' ? [...flush(), e] : [e];
      };

      // RxJS's own operators carry an early unsubscribe to a synchronous source at once.
      return concat(source.pipe(mergeMap(handle)), defer(flush));
    });
