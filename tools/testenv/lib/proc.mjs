// Background processes started by the testenv: each runs detached in its own session with its output in
// <dir>/<name>.log and its identity (pid + kernel start time) in <dir>/<name>.pid, so `down` stops exactly
// what was started, helpers it forked included, and never a process that merely reused the pid.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

/** @typedef {{ pid: number, startTime: number, command: string }} PidRecord */
/** @typedef {{ state: string, session: number, startTime: number }} ProcStat */

/** @param {number} pid @returns {ProcStat | null} */
export function procStat(pid) {
  let text;
  try {
    text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  // "pid (comm) state ppid pgrp session … starttime(22nd field)"; comm may contain spaces and parentheses.
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: fields[0], session: Number(fields[3]), startTime: Number(fields[19]) };
}

/** @param {PidRecord | null} record */
export function isRunning(record) {
  if (!record) return false;
  const stat = procStat(record.pid);
  return stat !== null && stat.state !== 'Z' && stat.startTime === record.startTime;
}

/** Live processes of the session the daemon started (it is the session leader). @param {PidRecord} record */
export function sessionMembers(record) {
  const members = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (stat && stat.state !== 'Z' && stat.session === record.pid && stat.startTime >= record.startTime) {
      members.push(Number(entry));
    }
  }
  return members;
}

/** @param {string} dir @param {string} name */
export function pidFile(dir, name) {
  return path.join(dir, `${name}.pid`);
}

/** @param {string} dir @param {string} name */
export function logFile(dir, name) {
  return path.join(dir, `${name}.log`);
}

/** @param {string} dir @param {string} name @returns {PidRecord | null} */
export function readPid(dir, name) {
  try {
    return JSON.parse(fs.readFileSync(pidFile(dir, name), 'utf8'));
  } catch {
    return null;
  }
}

/**
 * Starts `command` detached with its output in a fresh log (the previous one kept as <name>.prev.log),
 * and records it.
 * @param {{ dir: string, name: string, command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string }} spec
 * @returns {PidRecord}
 */
export function startDaemon({ dir, name, command, args, env, cwd }) {
  fs.mkdirSync(dir, { recursive: true });
  const log = logFile(dir, name);
  if (fs.existsSync(log)) fs.renameSync(log, log.replace(/\.log$/, '.prev.log')); // what the last run said
  const out = fs.openSync(log, 'w');
  let child;
  try {
    child = spawn(command, args, {
      cwd: cwd ?? dir,
      env: env ?? process.env,
      detached: true,
      stdio: ['ignore', out, out],
    });
  } finally {
    fs.closeSync(out);
  }
  child.on('error', (error) =>
    fs.appendFileSync(logFile(dir, name), `testenv: cannot start ${command}: ${error.message}\n`),
  );
  child.unref();
  if (child.pid === undefined)
    throw new Error(`${name}: cannot start ${command} (see ${logFile(dir, name)})`);
  const stat = procStat(child.pid);
  /** @type {PidRecord} */
  const record = {
    pid: child.pid,
    startTime: stat ? stat.startTime : 0,
    command: [command, ...args].join(' '),
  };
  fs.writeFileSync(pidFile(dir, name), JSON.stringify(record) + '\n');
  return record;
}

/**
 * Stops a recorded daemon: SIGTERM to the session leader (graceful), then SIGKILL to whatever of its
 * session is left after `graceMs`. Removes the pid file. Returns whether something was running.
 * @param {string} dir @param {string} name @param {{ graceMs?: number }} [options]
 */
export async function stopDaemon(dir, name, { graceMs = 15000 } = {}) {
  const record = readPid(dir, name);
  if (!record) return false;
  let members = sessionMembers(record);
  const wasRunning = members.length > 0;
  if (wasRunning) {
    signal(isRunning(record) ? [record.pid] : members, 'SIGTERM');
    members = await waitForExit(record, graceMs);
    if (members.length > 0) {
      signal(members, 'SIGKILL');
      members = await waitForExit(record, 5000);
      if (members.length > 0) throw new Error(`${name}: processes ${members.join(', ')} survived SIGKILL`);
    }
  }
  fs.rmSync(pidFile(dir, name), { force: true });
  return wasRunning;
}

/** @param {number[]} pids @param {NodeJS.Signals} sig */
function signal(pids, sig) {
  for (const pid of pids) {
    try {
      process.kill(pid, sig);
    } catch {
      // already gone
    }
  }
}

/** @param {PidRecord} record @param {number} ms @returns {Promise<number[]>} members still alive */
async function waitForExit(record, ms) {
  const deadline = Date.now() + ms;
  let members = sessionMembers(record);
  while (members.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    members = sessionMembers(record);
  }
  return members;
}

/** The last `lines` lines of a log file, or a note that it is missing. @param {string} file */
export function logTail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, 'utf8').trimEnd();
    return text.split('\n').slice(-lines).join('\n');
  } catch {
    return `(no log at ${file})`;
  }
}

/**
 * Runs a build step to completion with its output in `log`; rejects with `failure` and the log's path.
 * @param {string} command @param {string[]} args
 * @param {{ log: string, env?: NodeJS.ProcessEnv, cwd?: string, failure: string }} options
 * @returns {Promise<void>}
 */
export function runToLog(command, args, { log, env, cwd, failure }) {
  fs.mkdirSync(path.dirname(log), { recursive: true });
  const out = fs.openSync(log, 'w');
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env ?? process.env, cwd, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    child.once('error', (error) => reject(new Error(`${failure}: cannot run ${command} (${error.message})`)));
    child.once('exit', (code, sig) =>
      code === 0
        ? resolve()
        : reject(new Error(`${failure} (exit ${code ?? sig}); log: ${log}\n${logTail(log, 30)}`)),
    );
  });
}
