import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface FixtureOptions {
  name?: string;
  typescript?: boolean;
  files?: Record<string, string>;
}

/** Writes a small function folder (func.yaml + handler) into a new temp folder and returns its path. */
export async function writeFixtureFunction(options: FixtureOptions = {}): Promise<string> {
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'kuack-fn-'));
  const name = options.name ?? 'hello';
  const runtime = options.typescript ? 'typescript' : 'node';
  const files: Record<string, string> = {
    'func.yaml': `specVersion: 0.36.0\nname: ${name}\nruntime: ${runtime}\ncreated: 2026-11-30T08:00:00Z\nrun:\n  envs:\n    - name: GREETING\n      value: hi\n    - name: TOKEN\n      value: '{{ secret:s:token }}'\n`,
    '.funcignore': 'test/\n*.log\n',
    ...(options.typescript
      ? {
          'package.json': JSON.stringify({ name, version: '1.0.0', main: 'build/index.js' }, null, 2),
          'tsconfig.json': JSON.stringify(
            {
              compilerOptions: {
                target: 'ES2022',
                module: 'commonjs',
                strict: true,
                outDir: 'build',
                rootDir: 'src',
                types: [],
              },
              include: ['src'],
            },
            null,
            2,
          ),
          'src/index.ts': `export const handle = async (_context: unknown, body: unknown): Promise<{ body: string }> => ({ body: JSON.stringify({ echo: body }) });\n`,
        }
      : {
          'package.json': JSON.stringify({ name, version: '1.0.0', main: 'index.js' }, null, 2),
          'index.js': `exports.handle = async (_context, body) => ({ body: JSON.stringify({ echo: body }) });\n`,
        }),
    'test/index.test.js': 'ignored by .funcignore\n',
    'debug.log': 'ignored by .funcignore\n',
    ...(options.files ?? {}),
  };
  for (const [relative, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, relative)), { recursive: true });
    await fs.writeFile(path.join(root, relative), content);
  }
  return root;
}
