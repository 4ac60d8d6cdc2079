import fs from 'node:fs';
import path from 'node:path';

export interface LinkedTool {
  /** Path inside the project, e.g. node_modules/@kuack/functions. */
  link: string;
  target: string;
}

/**
 * Links the development tools of a function project from a Kuack installation into its node_modules, the
 * way `npm link` would: the SDK as @kuack/functions, the `kuack` command, and for TypeScript `typescript`
 * (with `tsc`) and `@types/node`. `npm test` and `npx kuack` then work with no registry. Existing entries are
 * left alone (an `npm install` may have put real packages there).
 */
export function linkDevTools(
  projectRoot: string,
  kuackRoot: string,
  sdkDir: string,
  typescript: boolean,
): LinkedTool[] {
  const modules = path.join(projectRoot, 'node_modules');
  const links: LinkedTool[] = [
    { link: '@kuack/functions', target: sdkDir },
    { link: '.bin/kuack', target: path.join(kuackRoot, 'bin/kuack.js') },
  ];
  if (typescript) {
    const typescriptDir = path.dirname(require.resolve('typescript/package.json', { paths: [kuackRoot] }));
    const nodeTypes = path.dirname(require.resolve('@types/node/package.json', { paths: [kuackRoot] }));
    links.push(
      { link: 'typescript', target: typescriptDir },
      { link: '.bin/tsc', target: path.join(typescriptDir, 'bin/tsc') },
      { link: '@types/node', target: nodeTypes },
    );
  }
  const made: LinkedTool[] = [];
  for (const { link, target } of links) {
    const at = path.join(modules, link);
    if (fs.existsSync(at) || isSymlink(at)) continue;
    fs.mkdirSync(path.dirname(at), { recursive: true });
    fs.symlinkSync(target, at);
    made.push({ link: path.join('node_modules', link), target });
  }
  return made;
}

function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}
