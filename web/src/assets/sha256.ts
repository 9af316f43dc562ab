// The SHA-256 of bytes as 64 lowercase hex digits: the key of every blob (the engine's AssetId).

/** SHA-256 of `bytes` (Web Crypto), lowercase hex. */
export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>));
  let hex = '';
  for (const byte of digest) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Whether `raw` has the form of a blob key: exactly 64 characters of 0-9a-f. */
export const isSha256Hex = (raw: string): boolean => /^[0-9a-f]{64}$/.test(raw);
