/**
 * `npm run bench`: every benchmark section in one run, printed as Markdown tables. Pass section
 * names to run only those (e.g. `node bench/dist/main.js kernels`).
 */
import { formatKernelReport, runKernelBench } from './kernels.js';
import { formatStepMarkdown, runStepBench } from './step.js';

interface Section {
  readonly name: string;
  readonly run: (progress: (line: string) => void) => Promise<string>;
}

const sections: readonly Section[] = [
  { name: 'kernels', run: async (onProgress) => formatKernelReport(await runKernelBench({ onProgress })) },
  { name: 'step', run: async (onProgress) => formatStepMarkdown(await runStepBench({ onProgress })) },
];

const wanted = process.argv.slice(2);
const unknown = wanted.filter((w) => !sections.some((s) => s.name === w));
if (unknown.length > 0) {
  console.error(`unknown section(s) ${unknown.join(', ')}; sections: ${sections.map((s) => s.name).join(', ')}`);
  process.exit(2);
}
const progress = (line: string): void => void process.stderr.write(`  ${line}\n`);
console.log(`# dnw-ts benchmarks, ${new Date().toISOString().slice(0, 10)}\n`);
for (const s of sections.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  console.log(`## ${s.name}\n\n${await s.run(progress)}\n`);
}
