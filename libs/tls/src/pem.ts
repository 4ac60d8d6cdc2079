/** PEM helpers: split a bundle into blocks, join blocks, and tell what a block holds. */

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----\r?\n([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  pem: string;
}

/** Every PEM block in `text`, in order; text outside blocks is ignored. */
export function splitPem(text: string): PemBlock[] {
  const blocks: PemBlock[] = [];
  for (const m of text.matchAll(BLOCK)) blocks.push({ label: m[1], pem: `${m[0].trim()}\n` });
  return blocks;
}

/** The certificates of a bundle (what a trust store holds). */
export function splitCertificates(text: string): string[] {
  return splitPem(text)
    .filter((b) => b.label === 'CERTIFICATE')
    .map((b) => b.pem);
}

/** Joins PEM blocks into one bundle, one block after another, each ending with a newline. */
export function joinPem(blocks: string[]): string {
  return blocks.map((b) => (b.endsWith('\n') ? b : `${b}\n`)).join('');
}

/** Base64 of the whole PEM text, as kubeconfig `*-data` fields want it. */
export function pemToBase64(pem: string): string {
  return Buffer.from(pem, 'utf8').toString('base64');
}

export function base64ToPem(data: string): string {
  const pem = Buffer.from(data, 'base64').toString('utf8');
  if (!pem.includes('-----BEGIN ')) throw new Error('base64 data does not decode to PEM text');
  return pem;
}
