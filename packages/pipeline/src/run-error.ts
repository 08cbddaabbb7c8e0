import type { TrainErrorKind } from './events.js';

/** A failure with a kind, thrown inside a run and turned into the stream's last (`error`) event. */
export class RunError extends Error {
  constructor(
    readonly kind: TrainErrorKind,
    message: string,
    readonly step: number | null = null,
  ) {
    super(message);
    this.name = 'RunError';
  }
}
