import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';

/** The markers around a generated section of docs/benchmarks.md. */
export const sectionMarkers = (name: string) => ({ start: `<!-- ${name}:start -->`, end: `<!-- ${name}:end -->` });

/**
 * Writes a generated section of docs/benchmarks.md between its markers and leaves everything
 * else of the file as it was: the other scripts' sections and the hand-written ones. Without
 * the markers the section is appended (`at: 'end'`) or put first (`at: 'start'`); without the
 * file it becomes the file.
 */
export async function writeMarkedSection(file: string, name: string, text: string, at: 'start' | 'end' = 'end'): Promise<void> {
  const { start, end } = sectionMarkers(name);
  const marked = `${start}\n${text.trim()}\n${end}`;
  const current = existsSync(file) ? await readFile(file, 'utf8') : '';
  const from = current.indexOf(start);
  const to = from >= 0 ? current.indexOf(end, from) : -1;
  let next: string;
  if (from >= 0 && to >= 0) next = current.slice(0, from) + marked + current.slice(to + end.length);
  else if (!current.trim()) next = `${marked}\n`;
  else if (at === 'start') next = `${marked}\n\n${current}`;
  else next = `${current.replace(/\n*$/, '\n\n')}${marked}\n`;
  await writeFile(file, next);
}
