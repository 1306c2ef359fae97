import * as crypto from 'node:crypto';

/*
 * SHA-256 of a string, in one call. Node's one-shot `crypto.hash` (20.12 and later) makes no Hash
 * object: about half the time of createHash().update().digest() here, and nothing for the collector to
 * finalise, which counts on a path every request takes (the answer cache's key, the bearer token).
 */

type OneShot = (algorithm: string, data: string, outputEncoding: 'buffer' | 'base64url') => Buffer | string;
const oneShot = (crypto as unknown as { hash?: OneShot }).hash;

/** The SHA-256 digest of `text` (UTF-8) as bytes. */
export function sha256(text: string): Buffer {
  return oneShot !== undefined ? (oneShot('sha256', text, 'buffer') as Buffer) : crypto.createHash('sha256').update(text).digest();
}

/** The SHA-256 digest of `text` (UTF-8), base64url. */
export function sha256Base64url(text: string): string {
  return oneShot !== undefined ? (oneShot('sha256', text, 'base64url') as string) : crypto.createHash('sha256').update(text).digest('base64url');
}
