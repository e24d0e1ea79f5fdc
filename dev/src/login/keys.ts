import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';

/** Private signing keys as a JWK set (each key with kid, alg and use: 'sig'). */
export interface SigningKeys {
  keys: JWK[];
}

/** A fresh RS256 signing key; its kid is the RFC 7638 thumbprint, so it is stable across restarts. */
export async function generateSigningKeys(): Promise<SigningKeys> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const kid = await calculateJwkThumbprint(jwk);
  return { keys: [{ ...jwk, kid, alg: 'RS256', use: 'sig' }] };
}

function isSigningKeys(value: unknown): value is SigningKeys {
  if (typeof value !== 'object' || value === null || !Array.isArray((value as SigningKeys).keys)) return false;
  const { keys } = value as SigningKeys;
  return keys.length > 0 && keys.every((key) => key.kty === 'RSA' && typeof key.d === 'string' && typeof key.kid === 'string' && key.alg === 'RS256');
}

/**
 * The signing keys kept in `file`, created on first use. Persisting them lets tokens issued
 * before a restart of `npm start` still verify afterwards.
 */
export async function loadOrCreateSigningKeys(file: string): Promise<SigningKeys> {
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      parsed = undefined;
    }
    // Never overwrite a file we cannot read: it might be something else the user wants to keep.
    if (!isSigningKeys(parsed)) throw new Error(`${file} does not hold RS256 signing keys; delete it to create new ones.`);
    return parsed;
  }
  const keys = await generateSigningKeys();
  await mkdir(dirname(file), { recursive: true, mode: 0o700 });
  // Owner-only (0600: a umask can only narrow it); 'wx' fails if another process created the
  // file meanwhile, and then its keys win.
  try {
    await writeFile(file, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return loadOrCreateSigningKeys(file);
    throw error;
  }
  return keys;
}
