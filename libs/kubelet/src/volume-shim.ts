/**
 * Appended to the listen shim (same `--require` file): Pods run on the host filesystem without chroot, so a
 * Node.js program that reads `/etc/config/key` must be sent to its Pod's volume folder. KUACK_VOLUME_MOUNTS is
 * JSON `[{ mountPath, hostPath, readOnly }]`; the fs and fs/promises functions that take paths get absolute
 * paths under a mountPath rewritten to the hostPath (longest mountPath first), and writes to a read-only mount
 * fail with EROFS. Native addons, child processes of other languages and `require()` of files in a mount do
 * not go through it (ADR 0017).
 */
export const VOLUME_SHIM_SOURCE = `;(function kuackVolumeShim() {
  'use strict';
  const fs = require('fs');
  const path = require('path');
  const { fileURLToPath } = require('url');
  let mounts;
  try { mounts = JSON.parse(process.env.KUACK_VOLUME_MOUNTS || '[]'); } catch { mounts = []; }
  if (!Array.isArray(mounts) || mounts.length === 0 || fs.__kuackVolumeShim) return;
  mounts = mounts.map((m) => ({ mountPath: path.posix.normalize(m.mountPath).replace(/\\/+$/, '') || '/', hostPath: m.hostPath, readOnly: !!m.readOnly }))
    .sort((a, b) => b.mountPath.length - a.mountPath.length);
  const find = (p) => {
    let text;
    if (typeof p === 'string') text = p;
    else if (Buffer.isBuffer(p)) text = p.toString();
    else if (p instanceof URL && p.protocol === 'file:') text = fileURLToPath(p);
    else return undefined;
    if (!path.isAbsolute(text)) return undefined;
    const n = path.normalize(text);
    // Already a volume folder (e.g. fs.readFileSync calling fs.openSync with the path it was given): as is.
    if (mounts.some((m) => n === m.hostPath || n.startsWith(m.hostPath + '/'))) return undefined;
    for (const m of mounts) {
      if (n === m.mountPath || n.startsWith(m.mountPath + '/')) return { mount: m, mapped: m.hostPath + n.slice(m.mountPath.length) };
    }
    return undefined;
  };
  const erofs = (syscall, p) => Object.assign(new Error('EROFS: read-only file system, ' + syscall + " '" + p + "'"), { code: 'EROFS', errno: -30, syscall, path: String(p) });
  const writesByFlags = (flags) => {
    if (flags === undefined || flags === null) return false;
    if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) !== 0;
    return /[wa+]/.test(String(flags));
  };
  // name -> [indexes of path arguments, writes?]; writes may depend on the flags argument (open).
  const ONE = ['access', 'exists', 'lstat', 'stat', 'statfs', 'readdir', 'readFile', 'readlink', 'realpath', 'opendir', 'watch', 'watchFile', 'unwatchFile', 'createReadStream', 'openAsBlob'];
  const ONE_WRITE = ['appendFile', 'chmod', 'chown', 'lchown', 'lchmod', 'lutimes', 'utimes', 'mkdir', 'mkdtemp', 'rm', 'rmdir', 'truncate', 'unlink', 'writeFile', 'createWriteStream'];
  const TWO_WRITE = ['copyFile', 'link', 'symlink', 'cp'];
  const wrap = (original, name, indexes, writes, promises) => {
    if (typeof original !== 'function') return original;
    const wrapped = function (...args) {
      for (const i of indexes) {
        const hit = find(args[i]);
        if (!hit) continue;
        const isWrite = writes === 'flags' ? writesByFlags(args[1]) : writes === 'dest' ? i === indexes[indexes.length - 1] : writes;
        if (isWrite && hit.mount.readOnly) {
          const err = erofs(name, args[i]);
          if (promises) return Promise.reject(err);
          const cb = args[args.length - 1];
          if (typeof cb === 'function' && !name.endsWith('Sync') && name !== 'createWriteStream') { process.nextTick(cb, err); return undefined; }
          throw err;
        }
        args[i] = hit.mapped;
      }
      return original.apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: original.name });
    for (const key of [...Object.keys(original), ...Object.getOwnPropertySymbols(original)]) wrapped[key] = original[key];
    if (original.native) wrapped.native = wrap(original.native, name, indexes, writes, promises);
    return wrapped;
  };
  const patch = (target, sync, promises) => {
    const apply = (name, indexes, writes) => {
      for (const n of promises ? [name] : sync ? [name, name + 'Sync'] : [name]) {
        if (typeof target[n] === 'function') target[n] = wrap(target[n], n, indexes, writes, promises);
      }
    };
    for (const n of ONE) apply(n, [0], false);
    for (const n of ONE_WRITE) apply(n, [0], true);
    for (const n of TWO_WRITE) apply(n, [0, 1], 'dest');
    apply('rename', [0, 1], true);
    apply('open', [0], 'flags');
  };
  patch(fs, true, false);
  patch(fs.promises, false, true);
  Object.defineProperty(fs, '__kuackVolumeShim', { value: true });
  // ES modules' named imports (import { readFileSync } from 'node:fs') see the patched functions too.
  require('module').syncBuiltinESMExports();
})();
`;
