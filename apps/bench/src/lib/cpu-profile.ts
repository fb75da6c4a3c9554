import { existsSync, readFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The parts of a V8 CPU profile this summary reads. */
export interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time of one function in a profile. */
export interface HotFunction {
  /** Function name ("(anonymous)" when it has none). */
  name: string;
  /**
   * Where it is defined: a repo-relative path and line (mapped back to the
   * TypeScript source when the bundle has a source map), a package name, or a
   * V8 category such as "(garbage collector)".
   */
  where: string;
  /** Share of all sampled time spent in the function itself (0..1). */
  share: number;
}

/** Self-time summary of a profile: the hottest functions and the share spent in Flotilla's own source. */
export interface ProfileSummary {
  /** Sampled time, in milliseconds. */
  totalMs: number;
  /** Hottest functions by self time, highest first. */
  top: HotFunction[];
  /** Share of self time in files under `packages/core/src` (0..1). */
  coreShare: number;
  /** Self-time share per packages/core/src file, highest first. */
  coreFiles: { file: string; share: number }[];
}

/**
 * Profile `work` with V8's sampling profiler (through node:inspector), so the
 * profile holds only the work, not process start-up or module loading.
 */
export async function profile(work: () => Promise<void>, samplingIntervalUs = 100): Promise<CpuProfile> {
  const session = new Session();
  session.connect();
  try {
    await session.post('Profiler.enable');
    await session.post('Profiler.setSamplingInterval', { interval: samplingIntervalUs });
    await session.post('Profiler.start');
    await work();
    const { profile: result } = await session.post('Profiler.stop');
    return result as unknown as CpuProfile;
  } finally {
    session.disconnect();
  }
}

/** Summarize a V8 CPU profile (an object, or a `.cpuprofile` file path); paths are shown relative to `root`. */
export function summarizeProfile(input: CpuProfile | string, root: string, limit = 15): ProfileSummary {
  const profile = typeof input === 'string' ? (JSON.parse(readFileSync(input, 'utf8')) as CpuProfile) : input;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, at) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[at] ?? 0)));
  // The profiler's own work (node:inspector serialising the profile on
  // Profiler.stop) is sampled too, as a native `dispatch` under `post`: it is
  // not the work profiled, so it is left out like idle time. Only for a
  // profile taken by `profile` below.
  const profilerOwn = new Set<number>();
  const markProfilerOwn = (id: number) => {
    profilerOwn.add(id);
    for (const child of byId.get(id)!.children ?? []) markProfilerOwn(child);
  };
  for (const node of profile.nodes) {
    if (node.callFrame.url === 'node:inspector') markProfilerOwn(node.id);
    // So is the self time of `profile` itself (its awaits around the work); the work is its child.
    else if (node.callFrame.functionName === 'profile' && node.callFrame.url === import.meta.url) profilerOwn.add(node.id);
  }

  const perFunction = new Map<string, HotFunction & { us: number }>();
  const perFile = new Map<string, number>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of selfUs) {
    if (profilerOwn.has(id)) continue;
    const frame = byId.get(id)!.callFrame;
    const { functionName } = frame;
    totalUs += us;
    if (functionName === '(idle)') idleUs += us;
    const origin = originOf(frame, root);
    const file = origin?.file ?? '';
    const where = origin ? (origin.line ? `${origin.file}:${origin.line}` : origin.file) : `(${functionName.replace(/[()]/g, '')})`;
    const key = `${functionName}@${where}`;
    const entry = perFunction.get(key) ?? { name: functionName || '(anonymous)', where, share: 0, us: 0 };
    entry.us += us;
    perFunction.set(key, entry);
    if (file.startsWith('packages/core/src/')) perFile.set(file, (perFile.get(file) ?? 0) + us);
  }
  // Idle time is the process waiting, not work: shares are of busy time.
  const busyUs = Math.max(1, totalUs - idleUs);
  const top = [...perFunction.values()]
    .filter((entry) => entry.name !== '(idle)')
    .sort((a, b) => b.us - a.us)
    .slice(0, limit)
    .map(({ name, where, us }) => ({ name, where, share: us / busyUs }));
  const coreFiles = [...perFile]
    .sort((a, b) => b[1] - a[1])
    .map(([file, us]) => ({ file, share: us / busyUs }));
  return { totalMs: busyUs / 1000, top, coreShare: coreFiles.reduce((sum, entry) => sum + entry.share, 0), coreFiles };
}

const sourceMaps = new Map<string, SourceMap | undefined>();

/** The source map beside a bundle (`file.js.map`), if any. */
function sourceMapOf(path: string): SourceMap | undefined {
  if (!sourceMaps.has(path)) {
    const mapPath = `${path}.map`;
    sourceMaps.set(path, existsSync(mapPath) ? new SourceMap(JSON.parse(readFileSync(mapPath, 'utf8'))) : undefined);
  }
  return sourceMaps.get(path);
}

/** Where a frame's function is defined: its TypeScript source and line when a source map says so. */
function originOf(frame: CpuProfile['nodes'][number]['callFrame'], root: string): { file: string; line?: number } | undefined {
  if (!frame.url) return undefined;
  const path = frame.url.startsWith('file:') ? fileURLToPath(frame.url) : frame.url;
  if (path.startsWith('/') && !path.includes('/node_modules/')) {
    const entry = sourceMapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry && 'originalSource' in entry && entry.originalSource) {
      const source = entry.originalSource.startsWith('file:') ? fileURLToPath(entry.originalSource) : resolve(dirname(path), entry.originalSource);
      return { file: displayPath(source, root), line: entry.originalLine + 1 };
    }
  }
  return { file: displayPath(frame.url, root) };
}

function displayPath(url: string, root: string): string {
  const path = url.startsWith('file:') ? fileURLToPath(url) : url;
  if (!path.startsWith('/')) return path;
  const inRepo = relative(root, path);
  // Dependencies are named by package, not by their store path.
  const modules = inRepo.lastIndexOf('node_modules/');
  return modules >= 0 ? inRepo.slice(modules + 'node_modules/'.length) : inRepo;
}
