// The testenv's own certificate authority (openssl): a serving certificate for 127.0.0.1/localhost, an
// admin client certificate in system:masters and the service-account signing key. Made once in
// <run>/pki and shared by the main Kubernetes control plane and every private one.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const PKI_FILES = [
  'ca.crt',
  'ca.key',
  'serving.crt',
  'serving.key',
  'admin.crt',
  'admin.key',
  'sa.key',
  'sa.pub',
];

/** @typedef {{ dir: string, ca: string, servingCert: string, servingKey: string, adminCert: string, adminKey: string, saKey: string, saPub: string }} Pki */

/** @param {string} dir @returns {Pki} */
export function pkiPaths(dir) {
  const at = (/** @type {string} */ file) => path.join(dir, file);
  return {
    dir,
    ca: at('ca.crt'),
    servingCert: at('serving.crt'),
    servingKey: at('serving.key'),
    adminCert: at('admin.crt'),
    adminKey: at('admin.key'),
    saKey: at('sa.key'),
    saPub: at('sa.pub'),
  };
}

/** Creates the PKI in `dir` unless all of it is there. Call under the testenv lock. @param {string} dir */
export function ensurePki(dir) {
  if (PKI_FILES.every((file) => fs.existsSync(path.join(dir, file)))) return pkiPaths(dir);
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(tmp, { recursive: true, mode: 0o700 });
  const openssl = (/** @type {string[]} */ args) =>
    execFileSync('openssl', args, { cwd: tmp, stdio: ['ignore', 'ignore', 'pipe'] });

  openssl([
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.crt',
    '-days',
    '3650',
    '-subj',
    '/CN=kuack-testenv-ca',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  issue(
    openssl,
    tmp,
    'serving',
    '/CN=kuack-testenv-serving',
    'serverAuth',
    'DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,IP:127.0.0.1,IP:10.0.0.1',
  );
  issue(openssl, tmp, 'admin', '/O=system:masters/CN=kuack-testenv-admin', 'clientAuth');
  openssl(['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048', '-out', 'sa.key']);
  openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub']);
  for (const file of fs.readdirSync(tmp)) if (!PKI_FILES.includes(file)) fs.rmSync(path.join(tmp, file));

  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(tmp, dir);
  return pkiPaths(dir);
}

/**
 * @param {(args: string[]) => void} openssl
 * @param {string} dir @param {string} name @param {string} subject @param {'serverAuth' | 'clientAuth'} usage
 * @param {string} [subjectAltName]
 */
function issue(openssl, dir, name, subject, usage, subjectAltName) {
  const ext = [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${usage}`,
    ...(subjectAltName ? [`subjectAltName=${subjectAltName}`] : []),
  ];
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext.join('\n') + '\n');
  openssl([
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    `${name}.key`,
    '-out',
    `${name}.csr`,
    '-subj',
    subject,
  ]);
  openssl([
    'x509',
    '-req',
    '-in',
    `${name}.csr`,
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '3650',
    '-out',
    `${name}.crt`,
    '-extfile',
    `${name}.ext`,
  ]);
}
