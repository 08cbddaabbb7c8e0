import { fileURLToPath } from 'node:url';
import { defineConfig, type Rolldown } from 'vite';

const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

/**
 * Build messages we have checked and that say nothing wrong, dropped so a real warning stands out:
 * - `node:fs/promises` "externalized for browser compatibility": @dnw/tensor and @dnw/pipeline import
 *   it dynamically, only after checking they run in Node;
 * - `loadMnist` "will always be undefined": @dnw/pipeline looks for it on @dnw/data's namespace and
 *   falls back to the IDX bytes the worker passes (the browser entry of @dnw/data has no file access).
 */
const benign = (log: Rolldown.RollupLog): boolean =>
  (log.message.includes('"node:fs/promises" has been externalized for browser compatibility') &&
    /packages\/(tensor|pipeline)\/dist\//.test(log.message)) ||
  (log.code === 'IMPORT_IS_UNDEFINED' && log.message.includes('`loadMnist`'));

const onLog = (level: Rolldown.LogLevel, log: Rolldown.RollupLog, handler: Rolldown.LogOrStringHandler) => {
  if (level === 'warn' && benign(log)) return;
  handler(level, log);
};

export default defineConfig({
  // Relative asset URLs: the built page works from any path (a static host's subdirectory, file servers).
  base: './',
  // Two pages: the live demo and the sparse-network figure (figure.html).
  build: {
    target: 'es2022',
    sourcemap: true,
    rolldownOptions: { onLog, input: { main: fileURLToPath(new URL('./index.html', import.meta.url)), figure: fileURLToPath(new URL('./figure.html', import.meta.url)) } },
  },
  worker: { format: 'es', rolldownOptions: { onLog } },
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
