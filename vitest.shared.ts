import { fileURLToPath } from 'node:url';

// Tests run on sources: each @dnw/* import resolves to its package's src/index.ts.
const src = (dir: string) => fileURLToPath(new URL(`./${dir}/src/index.ts`, import.meta.url));

export const alias = {
  '@dnw/tensor': src('packages/tensor'),
  '@dnw/data': src('packages/data'),
  '@dnw/graph': src('packages/graph'),
  '@dnw/pipeline': src('packages/pipeline'),
  '@dnw/report': src('packages/report'),
};
