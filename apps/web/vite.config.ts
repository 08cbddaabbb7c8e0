import { defineConfig } from 'vite';

const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  // Relative asset URLs: the built page works from any path (a static host's subdirectory, file servers).
  base: './',
  build: { target: 'es2022', sourcemap: true },
  worker: { format: 'es' },
  // @dnw/tensor finds its kernels with `new URL('../../build/kernels.wasm', import.meta.url)`. The
  // dependency optimizer would move its code into .vite/deps and break that relative URL in `vite dev`,
  // so our workspace packages are served as they are (they are ESM already).
  optimizeDeps: { exclude: ['@dnw/tensor', '@dnw/data', '@dnw/graph', '@dnw/pipeline'] },
  // Cross-origin isolation gives the page SharedArrayBuffer, which the Pause button uses to hold the
  // training worker (see src/train-worker.ts). A static host needs the same two headers.
  preview: { host: '127.0.0.1', headers: isolation },
  server: { host: '127.0.0.1', headers: isolation },
});
