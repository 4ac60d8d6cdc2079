import os from 'node:os';

/** What the agent holds back from Pods (the kubelet's --system-reserved/--kube-reserved, combined). */
export interface Reserved {
  /** A CPU quantity: "500m", "1", "0.5". */
  cpu?: string;
  /** A memory quantity: "512Mi", "1Gi", "1000000" (bytes), "1G". */
  memory?: string;
}

const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40 };
const DECIMAL: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };

/** CPU quantity → millicores; throws naming `field` for anything else. */
export function parseCpuMillis(text: string, field: string): number {
  const m = /^(\d+(?:\.\d+)?)(m?)$/.exec(text);
  if (!m) throw new Error(`${field}: "${text}" is not a CPU quantity (e.g. 500m, 1, 0.5)`);
  return m[2] ? Math.round(Number(m[1])) : Math.round(Number(m[1]) * 1000);
}

/** Memory quantity → bytes; throws naming `field` for anything else. */
export function parseMemoryBytes(text: string, field: string): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(text);
  if (!m) throw new Error(`${field}: "${text}" is not a memory quantity (e.g. 512Mi, 1Gi, 1G)`);
  const unit = m[2] ?? '';
  return Math.round(Number(m[1]) * (BINARY[unit] ?? DECIMAL[unit]));
}

export interface MachineSize {
  cpus: number;
  memoryBytes: number;
}

export function machineSize(): MachineSize {
  return { cpus: os.cpus().length, memoryBytes: os.totalmem() };
}

/** Node capacity and allocatable (capacity minus reserved, never below zero), as the kubelet reports them. */
export function nodeResources(
  maxPods: number,
  reserved: Reserved = {},
  machine: MachineSize = machineSize(),
): { capacity: Record<string, string>; allocatable: Record<string, string> } {
  const capacity = {
    cpu: String(machine.cpus),
    memory: `${Math.floor(machine.memoryBytes / 1024)}Ki`,
    pods: String(maxPods),
    'ephemeral-storage': '100Gi',
  };
  const cpuMillis = Math.max(
    0,
    machine.cpus * 1000 - (reserved.cpu ? parseCpuMillis(reserved.cpu, 'reserved cpu') : 0),
  );
  const memory = Math.max(
    0,
    machine.memoryBytes - (reserved.memory ? parseMemoryBytes(reserved.memory, 'reserved memory') : 0),
  );
  return {
    capacity,
    allocatable: {
      ...capacity,
      cpu: cpuMillis % 1000 === 0 ? String(cpuMillis / 1000) : `${cpuMillis}m`,
      memory: `${Math.floor(memory / 1024)}Ki`,
    },
  };
}

/** `cpu=500m,memory=512Mi` (the kubelet's --system-reserved form). */
export function parseReserved(text: string): Reserved {
  const reserved: Reserved = {};
  for (const part of text.split(',').filter(Boolean)) {
    const [key, value] = part.split('=', 2);
    if (key === 'cpu' && value) {
      parseCpuMillis(value, '--reserved cpu');
      reserved.cpu = value;
    } else if (key === 'memory' && value) {
      parseMemoryBytes(value, '--reserved memory');
      reserved.memory = value;
    } else throw new Error(`--reserved: "${part}" is not cpu=<quantity> or memory=<quantity>`);
  }
  return reserved;
}
