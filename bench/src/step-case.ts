/**
 * What every contender of the training-step benchmark provides: given one batch, a function that runs
 * one full step (forward, backward, optimizer update) and returns the loss as a number, so the work
 * cannot be skipped or left pending.
 */
export interface StepBatch {
  readonly size: number;
  readonly features: number;
  /** [features, batch]: our graphs' layout. */
  readonly xNodeMajor: Float32Array;
  /** [batch, features]: the peers' layout. */
  readonly xSampleMajor: Float32Array;
  readonly labels: Uint8Array;
}

export interface StepRunner {
  /** Makes this runner's backend the active one (the kernel switch is global); before each timed chunk. */
  enter?(): Promise<void>;
  step(): number;
  dispose(): void;
}

export interface StepCase {
  /** Who wrote the step: 'ours (wasm)', 'tfjs-wasm', ... */
  readonly peer: string;
  setup(batch: StepBatch): Promise<StepRunner>;
}
