// TensorFlow.js as a peer: one tfjs instance with its wasm backend (XNNPACK, one thread) and its
// plain-JS cpu backend, switched per benchmark case.
import * as tf from '@tensorflow/tfjs';
import { getThreadsCount, setThreadsCount, setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

let configured = false;

/** Makes `backend` tfjs's active backend (the wasm one forced to a single thread). */
export async function useTfjs(backend: 'wasm' | 'cpu'): Promise<typeof tf> {
  if (!configured) {
    const require = createRequire(import.meta.url);
    // A directory with a trailing separator: Node's tfjs-wasm loader reads its .wasm files from it.
    setWasmPaths(join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist') + '/');
    // Our kernels run on one thread; so must the peer.
    tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    setThreadsCount(1);
    configured = true;
  }
  if (tf.getBackend() !== backend) {
    if (!(await tf.setBackend(backend))) throw new Error(`tfjs: the ${backend} backend failed to start`);
    await tf.ready();
  }
  return tf;
}

export const tfjsWasmThreads = (): number => getThreadsCount();
