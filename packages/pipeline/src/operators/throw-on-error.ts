import { map, type MonoTypeOperatorFunction } from 'rxjs';
import { TrainError, type TrainEvent } from '../events.js';

/**
 * Turns an `error` event into an RxJS error (a `TrainError` with the event's kind, message and step)
 * for subscribers who prefer `catchError`/`retry` to switching on event types. Other events pass.
 *
 * ```
 * source:         -s-s-x|     (x: an error event)
 * throwOnError(): -s-s-#
 * ```
 */
export const throwOnError = (): MonoTypeOperatorFunction<TrainEvent> =>
  map((e) => {
    if (e.type === 'error') throw new TrainError(e);
    return e;
  });
