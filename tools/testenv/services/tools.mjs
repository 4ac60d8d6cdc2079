// Independent clients and servers the tests use: helm and Let's Encrypt's pebble (built from the Go module
// proxy, cached by version) and Debian's skopeo, umoci and kcat. Nothing runs; `env` puts them on PATH.
import fs from 'node:fs';
import path from 'node:path';

import { CACHE_DIR, HOST, PORTS, RUN_DIR, VERSIONS } from '../lib/config.mjs';
import { ensureGoTool, goToolDir } from '../lib/go-tools.mjs';
import { ensureKubePki } from './kube.mjs';

const PEBBLE_DIR = path.join(RUN_DIR, 'pebble');
const PEBBLE_CONFIG = path.join(PEBBLE_DIR, 'pebble-config.json');

const GO_TOOLS = [
  {
    name: 'helm',
    pkg: 'helm.sh/helm/v3/cmd/helm',
    version: VERSIONS.helm,
    ldflags: `-X helm.sh/helm/v3/internal/version.version=v${VERSIONS.helm}`,
  },
  {
    name: 'pebble',
    pkg: 'github.com/letsencrypt/pebble/v2/cmd/pebble',
    version: VERSIONS.pebble,
    ldflags: '',
  },
];

/** The folders to put in front of PATH (only those already built). */
export function toolPathDirs() {
  return GO_TOOLS.map((tool) => goToolDir(CACHE_DIR, tool.name, tool.version)).filter((dir) =>
    fs.existsSync(dir),
  );
}

/** A pebble config on loopback whose HTTPS certificate comes from the testenv CA. */
function writePebbleConfig() {
  const pki = ensureKubePki();
  fs.mkdirSync(PEBBLE_DIR, { recursive: true });
  const config = {
    pebble: {
      listenAddress: `${HOST}:${PORTS.pebble}`,
      managementListenAddress: `${HOST}:${PORTS.pebbleManagement}`,
      certificate: pki.servingCert,
      privateKey: pki.servingKey,
      httpPort: 5002,
      tlsPort: 5001,
      ocspResponderURL: '',
      externalAccountBindingRequired: false,
      domainBlocklist: [],
      retryAfter: { authz: 1, order: 1 },
      keyAlgorithm: 'ecdsa',
      profiles: { default: { description: 'kuack testenv', validityPeriod: 7776000 } },
    },
  };
  fs.writeFileSync(PEBBLE_CONFIG, JSON.stringify(config, null, 2) + '\n');
}

/** @type {import('./service.mjs').Service} */
export const tools = {
  name: 'tools',
  needs: ['skopeo', 'umoci', 'kcat'].map((command) => ({ command, pkg: command })),

  async prepare() {
    await Promise.all(
      GO_TOOLS.map((tool) =>
        ensureGoTool({
          cacheDir: CACHE_DIR,
          ...tool,
          log: path.join(RUN_DIR, 'build-logs', `${tool.name}-${tool.version}.log`),
        }),
      ),
    );
    writePebbleConfig();
  },

  async isUp() {
    return toolPathDirs().length === GO_TOOLS.length && fs.existsSync(PEBBLE_CONFIG);
  },

  async start() {},

  async stop() {},

  env() {
    return { PEBBLE_CONFIG, TESTENV_CA_CERT: path.join(RUN_DIR, 'pki', 'ca.crt') };
  },

  logFiles() {
    return GO_TOOLS.map((tool) => path.join(RUN_DIR, 'build-logs', `${tool.name}-${tool.version}.log`));
  },
};
