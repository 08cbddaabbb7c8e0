/**
 * `dnw eval <model.json>`: a saved model's test loss and accuracy on MNIST, and the size of its
 * wiring (chosen edges, live nodes, FLOPs per example).
 */
import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { loadMnist } from '@dnw/data';
import { liveness, modelFromJSON, wiringOf, type Model } from '@dnw/graph';
import { BACKENDS, evalBatcher, evaluateSplit } from '@dnw/pipeline';
import { useBackend, type BackendName } from '@dnw/tensor';
import { EXIT, RuntimeFailure, UsageError, type ExitCode } from '../exit.js';
import { colours, type Io } from '../io.js';
import { readJsonFile } from '../read-json.js';

export const MODEL_FILE = 'model.json';

/** A saved model, decoded by @dnw/graph's `modelFromJSON`: a bad file names its field. */
export const loadModel = async (path: string): Promise<Model> => {
  const decoded = modelFromJSON(await readJsonFile(path, 'model file'));
  if (decoded._tag === 'Left') throw new UsageError(`${path}: ${decoded.left.message}`);
  return decoded.right;
};

export interface EvalResult {
  readonly model: string;
  readonly kind: string;
  readonly examples: number;
  readonly loss: number;
  readonly accuracy: number;
  readonly edges: number;
  readonly liveEdges: number;
  readonly liveNodes: number;
  readonly nodes: number;
  /** 2 x live edges: multiply-adds of one example's forward pass through the live wiring, times two. */
  readonly flops: number;
}

/** A run directory stands for its model.json. */
export const modelPath = async (input: string): Promise<string> => {
  try {
    return (await stat(input)).isDirectory() ? join(input, MODEL_FILE) : input;
  } catch {
    return input; // readJsonFile reports the missing file
  }
};

export const evalCommand = async (file: string, opts: { json?: boolean; backend: string }, io: Io): Promise<ExitCode> => {
  const path = await modelPath(resolve(io.cwd, file));
  if (!(BACKENDS as readonly string[]).includes(opts.backend)) throw new UsageError(`--backend: expected one of ${BACKENDS.join(', ')}, got "${opts.backend}"`);
  const backend = await useBackend(opts.backend as BackendName);
  if (backend._tag === 'Left') throw new RuntimeFailure(`backend ${opts.backend}: ${backend.left.message}`);
  const model = await loadModel(path);
  const mnist = await loadMnist();
  if (mnist._tag === 'Left') throw new RuntimeFailure(`MNIST: ${mnist.left.message}`);
  const test = mnist.right.test;
  if (model.nodes.inputs !== test.features) {
    throw new UsageError(`${path}: the model takes ${model.nodes.inputs} inputs but MNIST images have ${test.features} pixels (was it trained on other data?)`);
  }
  const { loss, accuracy, count } = evaluateSplit(model, evalBatcher(test));
  const live = liveness(model, wiringOf(model));
  let liveNodes = 0;
  for (let i = 0; i < live.live.length; i++) liveNodes += live.live[i]!;
  const result: EvalResult = {
    model: path,
    kind: model.spec.kind,
    examples: count,
    loss,
    accuracy,
    edges: live.edges,
    liveEdges: live.liveEdges,
    liveNodes,
    nodes: model.nodes.count,
    flops: live.flops,
  };
  if (opts.json === true) {
    io.out.write(`${JSON.stringify(result)}\n`);
    return EXIT.ok;
  }
  const c = colours(io, io.out);
  const n = (x: number): string => x.toLocaleString('en-US');
  io.out.write(
    [
      `${c.bold(path)} (${result.kind} model)`,
      `test accuracy ${c.bold(`${(100 * result.accuracy).toFixed(2)}%`)}, loss ${result.loss.toFixed(4)} on ${n(count)} MNIST test images`,
      `${n(result.edges)} edges chosen (${n(result.liveEdges)} between live nodes), ${n(liveNodes)} of ${n(result.nodes)} nodes live, ${n(result.flops)} FLOPs per example`,
    ].join('\n') + '\n',
  );
  return EXIT.ok;
};
