import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { writeMarkedSection } from './sections.js';

describe('generated sections of docs/benchmarks.md', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'kita-sections-'));
    file = path.join(dir, 'benchmarks.md');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('replace only their own section and keep every hand-written one', async () => {
    await writeFile(
      file,
      '<!-- gateway:start -->\n# Benchmarks\nold rows\n<!-- gateway:end -->\n\n## Cold start (hand-written)\n\nkept\n\n<!-- dashboard:start -->\nold\n<!-- dashboard:end -->\n\n## Notes\n\nkept too\n',
    );
    await writeMarkedSection(file, 'gateway', '# Benchmarks\nnew rows\n', 'start');
    await writeMarkedSection(file, 'dashboard', '## Dashboard\nnew\n');
    expect(await readFile(file, 'utf8')).toBe(
      '<!-- gateway:start -->\n# Benchmarks\nnew rows\n<!-- gateway:end -->\n\n## Cold start (hand-written)\n\nkept\n\n<!-- dashboard:start -->\n## Dashboard\nnew\n<!-- dashboard:end -->\n\n## Notes\n\nkept too\n',
    );
  });

  it('put a missing section first or last, and start a missing file', async () => {
    await writeMarkedSection(file, 'scale', 'scale');
    expect(await readFile(file, 'utf8')).toBe('<!-- scale:start -->\nscale\n<!-- scale:end -->\n');
    await writeMarkedSection(file, 'gateway', 'gateway', 'start');
    await writeMarkedSection(file, 'allocation', 'allocation');
    expect(await readFile(file, 'utf8')).toBe(
      '<!-- gateway:start -->\ngateway\n<!-- gateway:end -->\n\n<!-- scale:start -->\nscale\n<!-- scale:end -->\n\n<!-- allocation:start -->\nallocation\n<!-- allocation:end -->\n',
    );
  });
});
