import { execFileSync } from 'node:child_process';
import os from 'node:os';

/** The machine and revision a report was measured on. */
export interface MachineInfo {
  cores: number;
  cpuModel: string;
  totalMemoryGiB: number;
  platform: string;
  node: string;
  /** 1-minute load average when the bench started and ended (other work on the machine skews timings). */
  loadStart: number;
  loadEnd?: number;
  date: string;
  /** Short commit hash, with "+dirty" when the work tree had changes. */
  commit: string;
}

/** Describe this machine now. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cores: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    totalMemoryGiB: Math.round(os.totalmem() / 1024 ** 3),
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    node: process.version,
    loadStart: os.loadavg()[0]!,
    date: new Date().toISOString(),
    commit: gitCommit(),
  };
}

function gitCommit(): string {
  try {
    const hash = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return dirty ? `${hash}+dirty` : hash;
  } catch {
    return 'unknown';
  }
}
