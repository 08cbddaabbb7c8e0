/**
 * The curves a wiring history file samples at each snapshot, grown in place as events arrive: O(1)
 * per event (the pipeline's `addEvent` copies its series per event, which a run of many thousand
 * steps should not pay).
 */
import type { Series, SnapshotCurves, TrainEvent } from '@dnw/pipeline';

export interface CurveRecorder {
  observe(e: TrainEvent): void;
  /** Training loss and the accuracy to show: validation if the run has a validation split, else test. */
  snapshotCurves(): SnapshotCurves;
}

export const curveRecorder = (): CurveRecorder => {
  const loss = { step: [] as number[], value: [] as number[] };
  const validation = { step: [] as number[], value: [] as number[] };
  const test = { step: [] as number[], value: [] as number[] };
  const push = (s: { step: number[]; value: number[] }, step: number, value: number): void => {
    s.step.push(step);
    s.value.push(value);
  };
  return {
    observe(e) {
      if (e.type === 'step') push(loss, e.step, e.loss);
      else if (e.type === 'eval') push(e.split === 'validation' ? validation : test, e.step, e.accuracy);
    },
    snapshotCurves: () => ({ loss, accuracy: (validation.step.length > 0 ? validation : test) as Series }),
  };
};
