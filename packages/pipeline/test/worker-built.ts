import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// A worker thread runs plain Node, not vitest's transform: it needs the compiled worker script and
// the compiled @dnw/* packages. `npm test` builds them first (turbo run build).
export const workerUrl = new URL('../dist/worker-entry.js', import.meta.url);

/** For a `beforeAll`: a missing build is a failure, never a silent skip. */
export const assertWorkerBuilt = (): void => {
  if (!existsSync(workerUrl)) throw new Error(`${fileURLToPath(workerUrl)} is missing: build first: npx turbo run build`);
};
