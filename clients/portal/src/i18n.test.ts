import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const folder = fileURLToPath(new URL('./locales/', import.meta.url));
const languages = ['de', 'en', 'tr', 'ar', 'uk', 'ru', 'pl'];

type Tree = { [key: string]: string | Tree };
const load = (language: string): Tree => JSON.parse(readFileSync(path.join(folder, `${language}.json`), 'utf8'));

function leaves(tree: Tree, prefix = ''): Map<string, string> {
  const found = new Map<string, string>();
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') found.set(`${prefix}${key}`, value);
    else for (const [inner, text] of leaves(value, `${prefix}${key}.`)) found.set(inner, text);
  }
  return found;
}

const placeholders = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();

// Every key the portal's code asks for, by static analysis of t('…') calls.
function keysInCode(): Set<string> {
  const keys = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const file = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(file);
      else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.test.ts'))
        for (const match of readFileSync(file, 'utf8').matchAll(/\bt\('([\w.]+)'/g)) keys.add(match[1]);
    }
  };
  walk(fileURLToPath(new URL('.', import.meta.url)));
  return keys;
}

describe('portal languages', () => {
  const german = leaves(load('de'));

  it('has exactly the locale files of the supported languages', () => {
    expect(
      readdirSync(folder)
        .map((file) => file.replace('.json', ''))
        .sort(),
    ).toEqual([...languages].sort());
  });

  it.each(languages)('%s has every key of German, no other, none empty, with the same placeholders', (language) => {
    const texts = leaves(load(language));
    expect(
      [...texts.keys()].filter((key) => !german.has(key)),
      `extra keys in ${language}`,
    ).toEqual([]);
    expect(
      [...german.keys()].filter((key) => !texts.has(key)),
      `missing keys in ${language}`,
    ).toEqual([]);
    for (const [key, text] of texts) {
      expect(text.trim(), `${language}: ${key} is empty`).not.toBe('');
      expect(placeholders(text), `${language}: ${key} placeholders`).toEqual(placeholders(german.get(key)!));
    }
  });

  it('has a text for every key the code uses', () => {
    const missing = [...keysInCode()].filter((key) => !german.has(key));
    expect(missing).toEqual([]);
  });

  it('translates rather than copies: most texts differ from English outside German and English', () => {
    const english = leaves(load('en'));
    for (const language of ['tr', 'ar', 'uk', 'ru', 'pl']) {
      const texts = leaves(load(language));
      const same = [...texts].filter(([key, text]) => text === english.get(key) && !/^\{\{\w+\}\} km$/.test(text));
      expect(same.length, `${language} copies English: ${same.map(([key]) => key).join(', ')}`).toBeLessThan(5);
    }
  });
});
