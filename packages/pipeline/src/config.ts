/**
 * The one object that says how to train. `decodeConfig` checks any JSON-like input (a file, CLI flags, a
 * web form) and fills every missing key from DEFAULT_CONFIG, so `decodeConfig({})` is the main job: a DNW
 * static neural graph on MNIST with 10% of its allowed edges (784 inputs, hidden blocks of 300 and 100
 * nodes, 10 outputs: 35,544 of 355,440 allowed edges), 8 epochs of SGD with a cosine schedule. Measured
 * in docs/pipeline.md: 98.0-98.25% test accuracy.
 */
import * as t from 'io-ts';
import { left, right, type Either } from 'fp-ts/lib/Either.js';
import { configError, leaf, oneOf, reportErrors, strictObject, withDefault, type ConfigError } from './codec.js';

export type { ConfigError } from './codec.js';

const isNumber = (u: unknown): u is number => typeof u === 'number' && Number.isFinite(u);
const isInt = (u: unknown): u is number => isNumber(u) && Number.isInteger(u);

const PositiveInt = leaf('a positive integer', (u): u is number => isInt(u) && u > 0);
const NonNegativeInt = leaf('a non-negative integer', (u): u is number => isInt(u) && u >= 0);
const Seed = leaf('an integer in [0, 2^32)', (u): u is number => isInt(u) && u >= 0 && u < 2 ** 32);
const PositiveNumber = leaf('a positive number', (u): u is number => isNumber(u) && u > 0);
const NonNegativeNumber = leaf('a non-negative number', (u): u is number => isNumber(u) && u >= 0);
const Fraction = leaf('a number in [0, 1)', (u): u is number => isNumber(u) && u >= 0 && u < 1);
const Budget = leaf('a number in (0, 1] or a positive integer', (u): u is number => isNumber(u) && u > 0 && (u <= 1 || Number.isInteger(u)));
const StepsOrEpoch = leaf('a positive integer or "epoch"', (u): u is number | 'epoch' => u === 'epoch' || (isInt(u) && u > 0));
const StepsOrNull = leaf('a positive integer or null', (u): u is number | null => u === null || (isInt(u) && u > 0));
const PathOrNull = leaf('a path (non-empty string) or null', (u): u is string | null => u === null || (typeof u === 'string' && u.length > 0));
const Bool = leaf('true or false', (u): u is boolean => typeof u === 'boolean');
const PositiveInts = leaf('a list of positive integers', (u): u is readonly number[] => Array.isArray(u) && u.every((x) => isInt(x) && x > 0));
const KeepsOrNull = leaf('a list of numbers in (0, 1] or null (one per layer), or null', (u): u is readonly (number | null)[] | null =>
  u === null || (Array.isArray(u) && u.every((x) => x === null || (isNumber(x) && x > 0 && x <= 1))));
const Path = leaf('a path (non-empty string)', (u): u is string => typeof u === 'string' && u.length > 0);
const SeedOrNull = leaf('an integer in [0, 2^32) or null', (u): u is number | null => u === null || (isInt(u) && u >= 0 && u < 2 ** 32));
const Milestones = leaf('a list of positive numbers (epochs)', (u): u is readonly number[] => Array.isArray(u) && u.every((x) => isNumber(x) && x > 0));

export const MODEL_KINDS = ['static', 'mlp', 'discrete', 'continuous'] as const;
export const STRATEGIES = [
  'dnw',
  'dnw-no-update',
  'complete',
  'random',
  'targeted-dropout',
  'targeted-dropout-node',
  'fine-tune',
  'lottery',
] as const;
export const NORMS = ['batch', 'none'] as const;
export const SCHEDULES = ['cosine', 'step', 'constant'] as const;
export const BACKENDS = ['wasm', 'js', 'auto'] as const;
export const DATASETS = ['mnist', 'synthetic'] as const;
export const SOLVERS = ['rk4', 'dopri5'] as const;
/** The strategies that start from a trained model's frozen top-k mask (`model.from`). */
export const FROM_STRATEGIES = ['fine-tune', 'lottery'] as const;

/** A trained model a run starts from, and how. */
export interface FromConfig {
  /** A model.json that `dnw train` saved (any strategy; the paper's baselines use a `complete` one). */
  readonly path: string;
  /**
   * fine-tune: the top-k mask of its trained weights, frozen, training on from those weights.
   * lottery: the same mask, every weight rewound to its value at initialisation.
   */
  readonly as: (typeof FROM_STRATEGIES)[number];
  /**
   * The seed the trained model was initialised with (lottery only): model.json keeps the trained
   * weights, not the initial ones, and a model's initial weights are a function of its spec and seed.
   * Null: this run's seed.
   */
  readonly seed: number | null;
}

export interface SyntheticConfig {
  /** Training examples (the validation split is taken from these). */
  readonly train: number;
  readonly test: number;
  readonly features: number;
  readonly classes: number;
  /** Seed of the generated data, separate from the training seed. */
  readonly seed: number;
}

export interface DataConfig {
  readonly dataset: (typeof DATASETS)[number];
  /** Training examples held out as the validation split. */
  readonly validation: number;
  readonly synthetic: SyntheticConfig;
}

export interface ModelConfig {
  readonly kind: (typeof MODEL_KINDS)[number];
  /** Hidden block sizes (static, mlp) or the hidden node count as one entry (discrete, continuous). */
  readonly hidden: readonly number[];
  readonly strategy: (typeof STRATEGIES)[number];
  /**
   * Edge budget: a fraction of the allowed edges if <= 1, else an absolute edge count k (static and
   * dynamic graphs; an mlp takes a fraction, kept in every layer).
   */
  readonly budget: number;
  readonly norm: (typeof NORMS)[number];
  /** Update steps T of a discrete-time graph. */
  readonly timeSteps: number;
  readonly solver: (typeof SOLVERS)[number];
  /** Only forward edges (earlier block to later) exist; false is the reference code's layout. */
  readonly maskBackwardEdges: boolean;
  /** Drop rate of the targeted-dropout strategies. */
  readonly dropRate: number;
  /**
   * mlp only: a keep fraction per layer (input to output), overriding `budget` where not null; e.g.
   * [null, null, 1] keeps LeNet-300-100's output layer dense.
   */
  readonly keepPerLayer: readonly (number | null)[] | null;
  /** Start from a trained model (fine-tune and lottery baselines); null: a fresh model. */
  readonly from: FromConfig | null;
}

export interface ScheduleConfig {
  readonly kind: (typeof SCHEDULES)[number];
  /** Steps of linear warm-up from 0 to lr (cosine only). */
  readonly warmupSteps: number;
  /** Step schedule: epochs at which lr is multiplied by gamma. */
  readonly milestones: readonly number[];
  readonly gamma: number;
}

export interface OptimizerConfig {
  readonly lr: number;
  readonly momentum: number;
  readonly weightDecay: number;
  readonly nesterov: boolean;
  readonly schedule: ScheduleConfig;
}

export interface CheckpointConfig {
  /** Directory for checkpoints and the final model; null writes nothing (the browser's choice). */
  readonly dir: string | null;
  readonly every: number | 'epoch';
  /** Checkpoints kept on disk, newest first. */
  readonly keep: number;
  /** Continue from the newest checkpoint in `dir` if there is one. */
  readonly resume: boolean;
}

export interface Config {
  readonly seed: number;
  readonly data: DataConfig;
  readonly model: ModelConfig;
  readonly optimizer: OptimizerConfig;
  readonly epochs: number;
  /** Total optimiser steps; overrides `epochs` when set. */
  readonly steps: number | null;
  readonly batchSize: number;
  readonly evalEvery: number | 'epoch';
  /** Emit a `rewire` event every this many steps (0: never). */
  readonly rewireEvery: number;
  readonly logEvery: number;
  readonly checkpoint: CheckpointConfig;
  readonly backend: (typeof BACKENDS)[number];
  /** Kernel threads. Only 1 is accepted until @dnw/tensor runs kernels on several threads. */
  readonly threads: number;
}

/** Any prefix of a Config: what `decodeConfig` accepts (typed for callers who build configs in code). */
export type ConfigInput = { readonly [K in keyof Config]?: Config[K] extends readonly unknown[] | string | number | boolean | null ? Config[K] : PartialDeep<Config[K]> };
type PartialDeep<T> = { readonly [K in keyof T]?: T[K] extends object ? (T[K] extends readonly unknown[] ? T[K] : PartialDeep<T[K]>) : T[K] };

export const DEFAULT_CONFIG: Config = {
  seed: 0,
  data: {
    dataset: 'mnist',
    validation: 5000,
    synthetic: { train: 2048, test: 512, features: 16, classes: 4, seed: 1 },
  },
  model: {
    kind: 'static',
    hidden: [300, 100],
    strategy: 'dnw',
    budget: 0.1,
    norm: 'batch',
    timeSteps: 5,
    solver: 'rk4',
    maskBackwardEdges: true,
    dropRate: 0.5,
    keepPerLayer: null,
    from: null,
  },
  optimizer: {
    lr: 0.1,
    momentum: 0.9,
    weightDecay: 5e-4,
    nesterov: false,
    schedule: { kind: 'cosine', warmupSteps: 0, milestones: [], gamma: 0.1 },
  },
  epochs: 8,
  steps: null,
  batchSize: 128,
  evalEvery: 'epoch',
  rewireEvery: 50,
  logEvery: 10,
  checkpoint: { dir: null, every: 'epoch', keep: 2, resume: false },
  backend: 'auto',
  threads: 1,
};

const d = DEFAULT_CONFIG;

const SyntheticCodec = strictObject('synthetic data settings', {
  train: withDefault(PositiveInt, d.data.synthetic.train),
  test: withDefault(PositiveInt, d.data.synthetic.test),
  features: withDefault(PositiveInt, d.data.synthetic.features),
  classes: withDefault(leaf('an integer >= 2', (u): u is number => isInt(u) && u >= 2), d.data.synthetic.classes),
  seed: withDefault(Seed, d.data.synthetic.seed),
});

const DataCodec = strictObject('data settings', {
  dataset: withDefault(oneOf(...DATASETS), d.data.dataset),
  validation: withDefault(NonNegativeInt, d.data.validation),
  synthetic: withDefault(SyntheticCodec, {}),
});

// `as` may be left out when model.strategy names fine-tune or lottery: `withFromStrategy` fills it in.
const FromCodec = strictObject('a trained model to start from ({ path, as })', {
  path: Path,
  as: withDefault(leaf(`one of ${FROM_STRATEGIES.map((v) => JSON.stringify(v)).join(', ')}`, (u): u is string | undefined => u === undefined || (FROM_STRATEGIES as readonly unknown[]).includes(u)), undefined),
  seed: withDefault(SeedOrNull, null),
});
const FromOrNull = new t.Type<t.TypeOf<typeof FromCodec> | null, unknown, unknown>(
  FromCodec.name,
  (u): u is t.TypeOf<typeof FromCodec> | null => u === null || FromCodec.is(u),
  (u, c) => (u === null ? t.success(null) : FromCodec.validate(u, c)),
  t.identity,
);

const ModelCodec = strictObject('model settings', {
  kind: withDefault(oneOf(...MODEL_KINDS), d.model.kind),
  hidden: withDefault(PositiveInts, d.model.hidden),
  strategy: withDefault(oneOf(...STRATEGIES), d.model.strategy),
  budget: withDefault(Budget, d.model.budget),
  norm: withDefault(oneOf(...NORMS), d.model.norm),
  timeSteps: withDefault(PositiveInt, d.model.timeSteps),
  solver: withDefault(oneOf(...SOLVERS), d.model.solver),
  maskBackwardEdges: withDefault(Bool, d.model.maskBackwardEdges),
  dropRate: withDefault(Fraction, d.model.dropRate),
  keepPerLayer: withDefault(KeepsOrNull, d.model.keepPerLayer),
  from: withDefault(FromOrNull, d.model.from),
});

const ScheduleCodec = strictObject('schedule settings', {
  kind: withDefault(oneOf(...SCHEDULES), d.optimizer.schedule.kind),
  warmupSteps: withDefault(NonNegativeInt, d.optimizer.schedule.warmupSteps),
  milestones: withDefault(Milestones, d.optimizer.schedule.milestones),
  gamma: withDefault(PositiveNumber, d.optimizer.schedule.gamma),
});

const OptimizerCodec = strictObject('optimizer settings', {
  lr: withDefault(PositiveNumber, d.optimizer.lr),
  momentum: withDefault(Fraction, d.optimizer.momentum),
  weightDecay: withDefault(NonNegativeNumber, d.optimizer.weightDecay),
  nesterov: withDefault(Bool, d.optimizer.nesterov),
  schedule: withDefault(ScheduleCodec, {}),
});

const CheckpointCodec = strictObject('checkpoint settings', {
  dir: withDefault(PathOrNull, d.checkpoint.dir),
  every: withDefault(StepsOrEpoch, d.checkpoint.every),
  keep: withDefault(PositiveInt, d.checkpoint.keep),
  resume: withDefault(Bool, d.checkpoint.resume),
});

const ConfigCodec = strictObject('a config object', {
  seed: withDefault(Seed, d.seed),
  data: withDefault(DataCodec, {}),
  model: withDefault(ModelCodec, {}),
  optimizer: withDefault(OptimizerCodec, {}),
  epochs: withDefault(PositiveNumber, d.epochs),
  steps: withDefault(StepsOrNull, d.steps),
  batchSize: withDefault(PositiveInt, d.batchSize),
  evalEvery: withDefault(StepsOrEpoch, d.evalEvery),
  rewireEvery: withDefault(NonNegativeInt, d.rewireEvery),
  logEvery: withDefault(PositiveInt, d.logEvery),
  checkpoint: withDefault(CheckpointCodec, {}),
  backend: withDefault(oneOf(...BACKENDS), d.backend),
  threads: withDefault(PositiveInt, d.threads),
});

/** Rules between fields, checked once every field has the right type. */
const crossCheck = (c: Config): ConfigError[] => {
  const errors: ConfigError[] = [];
  const { model, optimizer } = c;
  if ((model.kind === 'static' || model.kind === 'mlp') && model.hidden.length === 0) {
    errors.push(configError('model.hidden', `a ${model.kind} graph needs at least one hidden block, got []`));
  }
  if ((model.kind === 'discrete' || model.kind === 'continuous') && model.hidden.length !== 1) {
    errors.push(configError('model.hidden', `a ${model.kind}-time graph takes one hidden node count, got ${JSON.stringify(model.hidden)}`));
  }
  if (model.kind === 'mlp' && model.budget > 1) {
    errors.push(configError('model.budget', `an mlp keeps a fraction of each layer: expected a number in (0, 1], got ${model.budget}`));
  }
  if (model.from !== null && model.from.seed !== null && model.from.as !== 'lottery') {
    errors.push(configError('model.from.seed', `only a lottery run rewinds to initial weights, got ${model.from.seed} with "${model.from.as}"`));
  }
  if (model.keepPerLayer !== null && model.kind !== 'mlp') {
    errors.push(configError('model.keepPerLayer', `only an mlp keeps a fraction per layer, got ${JSON.stringify(model.keepPerLayer)} with kind "${model.kind}"`));
  }
  if (model.keepPerLayer !== null && model.kind === 'mlp' && model.keepPerLayer.length !== model.hidden.length + 1) {
    errors.push(configError('model.keepPerLayer', `expected ${model.hidden.length + 1} entries (one per layer of hidden ${JSON.stringify(model.hidden)}), got ${model.keepPerLayer.length}`));
  }
  const sched = optimizer.schedule;
  if (sched.warmupSteps > 0 && sched.kind !== 'cosine') {
    errors.push(configError('optimizer.schedule.warmupSteps', `only the cosine schedule warms up, got ${sched.warmupSteps} with "${sched.kind}"`));
  }
  if (sched.milestones.length > 0 && sched.kind !== 'step') {
    errors.push(configError('optimizer.schedule.milestones', `only the step schedule has milestones, got ${JSON.stringify(sched.milestones)} with "${sched.kind}"`));
  }
  const ms = sched.milestones;
  if (ms.some((m, i) => i > 0 && m <= ms[i - 1]!)) {
    errors.push(configError('optimizer.schedule.milestones', `expected increasing epochs, got ${JSON.stringify(ms)}`));
  }
  if (c.threads !== 1) {
    errors.push(configError('threads', `expected 1: the kernels of @dnw/tensor are single-threaded for now, got ${c.threads}`));
  }
  if (c.checkpoint.resume && c.checkpoint.dir === null) {
    errors.push(configError('checkpoint.resume', 'resuming needs checkpoint.dir'));
  }
  if (c.data.dataset === 'synthetic' && c.data.validation >= c.data.synthetic.train) {
    errors.push(configError('data.validation', `expected fewer than data.synthetic.train (${c.data.synthetic.train}) examples, got ${c.data.validation}`));
  }
  return errors;
};

/** The validation split a synthetic dataset gets when the config names none: an eighth of its training examples. */
export const syntheticValidation = (train: number): number => Math.floor(train / 8);

const hasKey = (u: unknown, key: string): u is Record<string, unknown> => typeof u === 'object' && u !== null && key in u;

/**
 * MNIST's default validation split (5,000) is larger than the default synthetic training set, so a
 * synthetic run that does not name `data.validation` holds out `syntheticValidation(train)` instead.
 */
const withSyntheticValidation = (c: Config, u: unknown): Config => {
  const named = hasKey(u, 'data') && hasKey(u.data, 'validation');
  if (named || c.data.dataset !== 'synthetic') return c;
  return { ...c, data: { ...c.data, validation: syntheticValidation(c.data.synthetic.train) } };
};

const isFromStrategy = (s: string): s is FromConfig['as'] => (FROM_STRATEGIES as readonly string[]).includes(s);

/**
 * `model.from.as` and `model.strategy` say the same thing: either may be given and the other follows;
 * given both, they must agree.
 */
const withFromStrategy = (c: Config, u: unknown): Either<ConfigError[], Config> => {
  const m = c.model;
  const from = m.from as (Omit<FromConfig, 'as'> & { as: FromConfig['as'] | undefined }) | null;
  // fine-tune or lottery without model.from still decodes: a run resumed from a checkpoint that holds
  // the frozen mask needs no trained model (apps/experiments stages runs so). A fresh one is refused.
  if (from === null) return right(c);
  const named = hasKey(u, 'model') && hasKey(u.model, 'strategy');
  const as = from.as ?? (isFromStrategy(m.strategy) ? m.strategy : undefined);
  if (as === undefined) {
    return left([configError('model.from.as', `expected "fine-tune" or "lottery" (or model.strategy set to one of them), got nothing`)]);
  }
  if (named && m.strategy !== as) {
    return left([configError('model.strategy', `a run with model.from trains as "${as}" (model.from.as), got "${m.strategy}"`)]);
  }
  return right({ ...c, model: { ...m, strategy: as, from: { ...from, as } } });
};

/**
 * Checks `u` and fills missing keys with defaults. Every error names its field path; unknown keys are
 * errors. All errors are reported at once, so a user fixes a config file in one pass.
 */
export const decodeConfig = (u: unknown): Either<ConfigError[], Config> => {
  const r = ConfigCodec.validate(u === undefined ? {} : u, [{ key: '', type: ConfigCodec, actual: u }]);
  if (r._tag === 'Left') return left(reportErrors(r.left));
  const filled = withSyntheticValidation(r.right as Config, u);
  const withFrom = withFromStrategy(filled, u);
  const config = withFrom._tag === 'Right' ? withFrom.right : filled;
  const errors = [...(withFrom._tag === 'Left' ? withFrom.left : []), ...crossCheck(config)];
  return errors.length > 0 ? left(errors) : right(config);
};

/** Every error as one line each, for a terminal. */
export const formatConfigErrors = (errors: readonly ConfigError[]): string => errors.map((e) => e.message).join('\n');
