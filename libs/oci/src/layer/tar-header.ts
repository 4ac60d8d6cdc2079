/** A tar entry header as the layer builder writes it (USTAR, with PAX records where USTAR cannot say it). */
export interface TarHeader {
  name: string;
  type: 'file' | 'directory' | 'symlink' | 'link';
  mode: number;
  uid: number;
  gid: number;
  mtime: Date;
  size: number;
  linkname?: string;
}

const BLOCK = 512;
const TYPEFLAG: Record<TarHeader['type'], string> = { file: '0', link: '1', symlink: '2', directory: '5' };
const MAX_OCTAL_SIZE = 0o77777777777; // 11 octal digits

/** Zero bytes that pad `size` bytes of content to a whole block. */
export function tarPadding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest);
}

/** Two zero blocks: the end of the archive. */
export const END_OF_ARCHIVE = Buffer.alloc(2 * BLOCK);

/**
 * Encodes the header block(s) of one entry. Names or link targets longer than USTAR's fields, non-ASCII
 * names and sizes beyond 8 GiB get a PAX extended header first (POSIX.1-2001), as GNU tar and Go do.
 */
export function encodeTarHeader(header: TarHeader): Buffer {
  const pax: Array<[string, string]> = [];
  const name = Buffer.from(header.name, 'utf8');
  const linkname = Buffer.from(header.linkname ?? '', 'utf8');
  const nonAscii = (b: Buffer) => b.some((byte) => byte > 0x7f);
  if (name.length > 100 || nonAscii(name)) pax.push(['path', header.name]);
  if (linkname.length > 100 || nonAscii(linkname)) pax.push(['linkpath', header.linkname ?? '']);
  if (header.size > MAX_OCTAL_SIZE) pax.push(['size', String(header.size)]);
  const main = ustarBlock({
    name: asciiPrefix(name, 100),
    mode: header.mode,
    uid: header.uid,
    gid: header.gid,
    size: header.size > MAX_OCTAL_SIZE ? 0 : header.size,
    mtime: Math.floor(header.mtime.getTime() / 1000),
    typeflag: TYPEFLAG[header.type],
    linkname: asciiPrefix(linkname, 100),
  });
  if (pax.length === 0) return main;
  const records = Buffer.from(pax.map(([k, v]) => paxRecord(k, v)).join(''), 'utf8');
  const paxHeader = ustarBlock({
    name: asciiPrefix(Buffer.from(`PaxHeaders/${header.name}`, 'utf8'), 100),
    mode: 0o644,
    uid: 0,
    gid: 0,
    size: records.length,
    mtime: Math.floor(header.mtime.getTime() / 1000),
    typeflag: 'x',
    linkname: Buffer.alloc(0),
  });
  return Buffer.concat([paxHeader, records, tarPadding(records.length), main]);
}

/** `"<len> key=value\n"`, where len counts the whole record including its own digits. */
function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`;
  const bodyLength = Buffer.byteLength(body, 'utf8');
  let length = bodyLength + 1;
  while (length !== bodyLength + String(length).length) length = bodyLength + String(length).length;
  return `${length}${body}`;
}

function asciiPrefix(bytes: Buffer, max: number): Buffer {
  const out = Buffer.from(bytes.subarray(0, max));
  for (let i = 0; i < out.length; i++) if (out[i]! > 0x7f) out[i] = 0x5f; // '_' in the fallback field only
  return out;
}

interface UstarFields {
  name: Buffer;
  mode: number;
  uid: number;
  gid: number;
  size: number;
  mtime: number;
  typeflag: string;
  linkname: Buffer;
}

function ustarBlock(f: UstarFields): Buffer {
  const block = Buffer.alloc(BLOCK);
  f.name.copy(block, 0);
  octal(block, 100, 8, f.mode & 0o7777);
  octal(block, 108, 8, f.uid);
  octal(block, 116, 8, f.gid);
  octal(block, 124, 12, f.size);
  octal(block, 136, 12, Math.max(0, f.mtime));
  block.write(f.typeflag, 156, 'ascii');
  f.linkname.copy(block, 157);
  block.write('ustar\u000000', 257, 'ascii');
  // uname and gname stay empty: no host user names in an image.
  octal(block, 329, 8, 0);
  octal(block, 337, 8, 0);
  block.fill(0x20, 148, 156); // the checksum is computed with its own field as spaces
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += block[i]!;
  block.write(`${sum.toString(8).padStart(6, '0')}\u0000 `, 148, 'ascii');
  return block;
}

function octal(block: Buffer, offset: number, width: number, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0 || value >= 8 ** (width - 1)) {
    throw new Error(`tar header: ${value} does not fit in ${width - 1} octal digits`);
  }
  block.write(value.toString(8).padStart(width - 1, '0') + '\u0000', offset, 'ascii');
}
