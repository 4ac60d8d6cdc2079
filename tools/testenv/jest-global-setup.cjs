// Jest globalSetup for integration runs (`jest --testPathPatterns '\.int\.spec\.ts$' --globalSetup <this>`):
// brings the services up through the testenv CLI (all of them, or TESTENV_SERVICES=kube,registry) and puts
// their settings into process.env, which the test workers inherit. When a service cannot start it throws
// with the reason and the tail of the service's logs, so the run fails. See docs/testing.md.
const { spawn } = require('node:child_process');
const path = require('node:path');

const CLI = path.join(__dirname, 'cli.mjs');

module.exports = async function testenvGlobalSetup() {
  const services = (process.env.TESTENV_SERVICES || '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const { code, stdout, stderr } = await runCli(['up', ...services, '--json']);
  if (code !== 0) {
    throw new Error(`tools/testenv could not bring the services up (exit ${code}):\n${stderr}`);
  }
  /** @type {{ env: Record<string, string>, pathDirs: string[], services: Record<string, string> }} */
  const answer = JSON.parse(stdout);
  Object.assign(process.env, answer.env);
  const entries = (process.env.PATH || '').split(':');
  process.env.PATH = [...answer.pathDirs.filter((dir) => !entries.includes(dir)), ...entries].join(':');
  process.env.TESTENV_SERVICES_UP = Object.keys(answer.services).join(',');
};

/**
 * Runs the CLI with its progress shown live on stderr and kept for the error message.
 * @param {string[]} args
 * @returns {Promise<{ code: number | null, stdout: string, stderr: string }>}
 */
function runCli(args) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}
