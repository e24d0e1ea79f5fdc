import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
// The workspace's own texts and each area's, under the area's name.
const files = ['locales', 'provider/locales', 'office/locales'];
const load = (folder: string, language: string): Tree => JSON.parse(readFileSync(new URL(`./${folder}/${language}.json`, import.meta.url), 'utf8'));

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [inner, text] of leaves(value, `${prefix}${key}.`)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe("the workspace's texts", () => {
  it.each(files)('%s: every key in German and English, with the same placeholders', (folder) => {
    const de = leaves(load(folder, 'de'));
    const en = leaves(load(folder, 'en'));
    expect([...en.keys()].sort()).toEqual([...de.keys()].sort());
    for (const [key, text] of de) {
      expect(text, key).not.toBe('');
      expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
    }
  });

  it('keeps each area under its own name, apart from the shell texts', () => {
    const shell = Object.keys(load('locales', 'de'));
    expect(Object.keys(load('provider/locales', 'de'))).toEqual(['provider']);
    expect(Object.keys(load('office/locales', 'de'))).toEqual(['office']);
    expect(shell).not.toContain('provider');
    expect(shell).not.toContain('office');
  });
});
