import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

type Tree = { [key: string]: string | Tree };
const load = (language: string): Tree => JSON.parse(readFileSync(new URL(`./locales/${language}.json`, import.meta.url), 'utf8'));

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [inner, text] of leaves(value, `${prefix}${key}.`)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

describe("the dashboard's texts", () => {
  it('has every key in German and English, with the same placeholders', () => {
    const de = leaves(load('de'));
    const en = leaves(load('en'));
    expect([...en.keys()].sort()).toEqual([...de.keys()].sort());
    for (const [key, text] of de) expect(placeholders(en.get(key)!), key).toEqual(placeholders(text));
  });
});
