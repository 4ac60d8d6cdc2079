import { gzipSync } from 'node:zlib';
import { pack } from 'tar-stream';

/** A tar.gz of `files` (name → content) after `symlinks`, names written exactly as given (so tests can write hostile ones). */
export async function sourceTarball(
  files: Record<string, string>,
  symlinks: Record<string, string> = {},
): Promise<Buffer> {
  const p = pack();
  for (const [name, linkname] of Object.entries(symlinks)) p.entry({ name, type: 'symlink', linkname });
  for (const [name, content] of Object.entries(files)) p.entry({ name, mode: 0o644 }, content);
  p.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of p) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

export const HELLO_FUNCTION: Record<string, string> = {
  'func.yaml': 'specVersion: 0.36.0\nname: hello-remote\nruntime: node\ncreated: 2026-11-30T08:00:00Z\n',
  'package.json': JSON.stringify({ name: 'hello-remote', version: '1.0.0', main: 'index.js' }),
  'index.js': "exports.handle = async () => 'hello from the build service';\n",
};
