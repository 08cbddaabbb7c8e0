import { realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { defineConfig, type Plugin } from 'vite';

const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * @dnw/graph registers its model kinds in its index module, but its package.json says
 * `"sideEffects": false`, so a bundler drops those registrations and `createModel` then knows no
 * kind. Until the package declares its index as side-effectful, mark it so here.
 */
const graphIndex = realpathSync(createRequire(import.meta.url).resolve('@dnw/graph'));
const keepGraphRegistrations = (): Plugin => ({
  name: 'dnw:keep-graph-registrations',
  transform(code, id) {
    return id === graphIndex ? { code, map: null, moduleSideEffects: true } : undefined;
  },
});

export default defineConfig({
  // Relative asset URLs: the built page works from any path (a static host's subdirectory, file servers).
  base: './',
  build: { target: 'es2022', sourcemap: true },
  plugins: [keepGraphRegistrations()],
  worker: { format: 'es', plugins: () => [keepGraphRegistrations()] },
  // @dnw/tensor finds its kernels with `new URL('../../build/kernels.wasm', import.meta.url)`. The
  // dependency optimizer would move its code into .vite/deps and break that relative URL in `vite dev`,
  // so our workspace packages are served as they are (they are ESM already).
  // Their CommonJS dependencies are still pre-bundled; listing them up front spares `vite dev` a
  // reload when it would otherwise discover them on the first training run.
  optimizeDeps: {
    exclude: ['@dnw/tensor', '@dnw/data', '@dnw/graph', '@dnw/pipeline'],
    include: ['io-ts', 'web-worker', 'ndarray', 'ndarray-ops'],
  },
  // Cross-origin isolation gives the page SharedArrayBuffer, which the Pause button uses to hold the
  // training worker (see src/train-worker.ts). A static host needs the same two headers.
  preview: { host: '127.0.0.1', headers: isolation },
  server: { host: '127.0.0.1', headers: isolation },
});
