import fs from 'node:fs';
import path from 'node:path';
import type { InstanceConfig } from './types';

/**
 * The configuration handed to an instance's `start`: the `key=value` lines of `<root>/cfg` (keys and values
 * trimmed, surrounding quotes removed), overridden by every environment variable — as func-go does.
 */
export function readInstanceConfig(root: string, env: NodeJS.ProcessEnv = process.env): InstanceConfig {
  const cfg: InstanceConfig = {};
  const file = path.join(root, 'cfg');
  if (fs.existsSync(file)) {
    const lines = fs.readFileSync(file, 'utf8').split(/\r?\n/);
    lines.forEach((line, index) => {
      if (line.trim() === '' || line.trimStart().startsWith('#')) return;
      const eq = line.indexOf('=');
      if (eq === -1) throw new Error(`${file}:${index + 1}: expected key=value, got "${line}"`);
      cfg[line.slice(0, eq).trim()] = line
        .slice(eq + 1)
        .trim()
        .replace(/^"(.*)"$/, '$1');
    });
  }
  for (const [key, value] of Object.entries(env)) if (value !== undefined) cfg[key] = value;
  return cfg;
}
