#!/usr/bin/env node
/**
 * `npm run experiments [-- --quick] [--only graphs|sparse] [--out dir] [--seeds 0,1,2] [--parallel 2]
 * [--report-only] [--docs dir]`: runs the sweep through the `dnw` CLI (skipping runs already recorded),
 * then writes docs/results/* and the generated part of docs/results.md from all records of the mode.
 */
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { reportFiles, spliceBlock } from './docs.js';
import { execute, recordsPath } from './execute.js';
import { readRecords } from './records-file.js';
import { GROUPS, sweep, type Mode } from './sweeps.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');

const usage = `usage: npm run experiments -- [--quick] [--only ${GROUPS.join('|')}] [--out <dir>] [--seeds 0,1,2] [--parallel <n>] [--report-only] [--docs <dir>]`;

const fail = (message: string): never => {
  process.stderr.write(`experiments: ${message}\n${usage}\n`);
  process.exit(2);
};

const main = async (): Promise<void> => {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        quick: { type: 'boolean', default: false },
        only: { type: 'string', multiple: true },
        out: { type: 'string' },
        seeds: { type: 'string' },
        parallel: { type: 'string', default: '2' },
        'report-only': { type: 'boolean', default: false },
        docs: { type: 'string' },
        help: { type: 'boolean', default: false },
      },
      allowPositionals: false,
    });
  } catch (err) {
    return fail(err instanceof Error ? err.message : String(err));
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(`${usage}\n`);
    return;
  }
  const mode: Mode = v.quick ? 'quick' : 'full';
  const only = v.only ?? [...GROUPS];
  for (const g of only) if (!(GROUPS as readonly string[]).includes(g)) fail(`--only: expected one of ${GROUPS.join(', ')}, got "${g}"`);
  const seeds = v.seeds === undefined ? (mode === 'quick' ? [0] : [0, 1, 2]) : v.seeds.split(',').map((s) => Number(s.trim()));
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) fail(`--seeds: expected non-negative integers separated by commas, got "${v.seeds}"`);
  const parallel = Number(v.parallel);
  if (!Number.isInteger(parallel) || parallel < 1) fail(`--parallel: expected a positive integer, got "${v.parallel}"`);
  const out = resolve(v.out ?? join(root, 'runs', 'experiments'));
  const docs = resolve(v.docs ?? join(root, 'docs'));
  const log = (line: string): void => void process.stdout.write(`${line}\n`);

  let minutes: number | null = null;
  if (!v['report-only']) {
    const runs = sweep({ mode, seeds }, only);
    log(`${mode} sweep: ${runs.length} runs (${only.join(', ')}; seeds ${seeds.join(', ')}), ${parallel} at a time; records in ${recordsPath(out)}`);
    const t0 = Date.now();
    const result = await execute({ runs, mode, out, cliMain: join(root, 'apps', 'cli', 'dist', 'main.js'), parallel, log });
    minutes = (Date.now() - t0) / 60000;
    log(`done in ${minutes.toFixed(1)} min: ${result.ran} ran, ${result.skipped} skipped, ${result.failed.length} failed`);
    for (const f of result.failed) log(`  failed: ${f.id}: ${f.message}`);
    if (result.failed.length > 0) process.exitCode = 1;
  }

  const records = await readRecords(recordsPath(out));
  const { files, block } = reportFiles(records, mode, minutes);
  for (const [path, text] of files) {
    const full = join(docs, path);
    await mkdir(dirname(full), { recursive: true });
    await writeFile(full, text);
  }
  const resultsMd = join(docs, 'results.md');
  let doc = '# Results\n';
  try {
    doc = await readFile(resultsMd, 'utf8');
  } catch {
    // First report: the generated part goes under a bare heading; the prose is written by hand.
  }
  await writeFile(resultsMd, spliceBlock(doc, block));
  log(`wrote ${resultsMd} and ${[...files.keys()].map((p) => join(docs, p)).join(', ')}`);
};

await main();
