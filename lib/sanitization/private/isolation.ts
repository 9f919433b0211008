import { readFileSync, readlinkSync } from 'fs';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
import type { BuiltinSanitizerOptions } from '../options';
import type { SanitizeInput, SanitizeResult } from '../types';
import { sha256Hex } from './hash';

/**
 * The per-file time and memory budget. Each input is sanitized in a worker thread, one at a time:
 * a sampler terminates the worker when the thread has spent more CPU time on the input than the
 * budget (read from the kernel's per-thread accounting, so the verdict does not depend on how
 * busy the machine is), a generous wall-clock timer backs it up, and the sampler terminates it
 * when the process's resident memory grows past the budget while the input runs (the JavaScript heap,
 * buffers and the PDF parser's WebAssembly memory alike; the parser also refuses to grow its own
 * memory past the budget, ./qpdf.ts). Either way the input is quarantined (`limit-exceeded`) and
 * the next input gets a new worker. A worker that finished in time is reused, so the thread start
 * and module loading (about 0.3 s from TypeScript sources) are paid once, not per file; the timer
 * and the sampler start once the worker is ready.
 *
 * The worker's V8 heap is capped too, as a backstop between samples, but not at the budget: V8
 * sizes its heap growth from that cap, and under 2 GiB it collects garbage so often that the
 * sanitizer needs about half as much CPU again for the same files.
 */
const WORKER_FLAG = 'lgsecSanitizerWorker';

/** V8 gives an old generation of at least this size its largest heap growth factor (64-bit). */
const WORKER_HEAP_CEILING_MIB = 2048;

/** How often CPU time and resident memory are sampled while an input runs. */
const SAMPLE_MS = 10;

/** Inputs being sanitized in this process now, over every engine: they share its resident memory. */
let inputsRunning = 0;

interface Job {
  readonly id: number;
  readonly input: SanitizeInput;
  readonly resolve: (result: SanitizeResult) => void;
  readonly reject: (error: Error) => void;
}

type WorkerMessage = { ready: true; cpuClock?: string } | { id: number; result: SanitizeResult } | { id: number; error: string };

export interface IsolationLimits {
  /** CPU time of the worker thread per input. */
  readonly maxCpuMilliseconds: number;
  /** The option that set it, named in the quarantine reason. */
  readonly cpuOption: string;
  /** Wall-clock backstop per input. */
  readonly maxWallClockMilliseconds: number;
  readonly maxMemoryMiB: number;
}

/**
 * The kernel file that counts a thread's CPU time, found from inside the thread (Linux:
 * /proc/thread-self names the thread); undefined elsewhere.
 */
function ownThreadCpuClock(): string | undefined {
  try {
    const path = `/proc/${readlinkSync('/proc/thread-self')}/schedstat`;
    return threadCpuMilliseconds(path) === undefined ? undefined : path;
  } catch {
    return undefined;
  }
}

/** CPU time a thread has run, in ms: the first field of its schedstat (nanoseconds on the CPU). */
function threadCpuMilliseconds(schedstat: string): number | undefined {
  try {
    const nanoseconds = Number(readFileSync(schedstat, 'latin1').split(' ')[0]);
    return Number.isFinite(nanoseconds) ? nanoseconds / 1e6 : undefined;
  } catch {
    return undefined;
  }
}

/** Starts a worker on this file, from the TypeScript sources (tests, the CLI) or compiled JavaScript (a bundle). */
function startWorker(options: BuiltinSanitizerOptions, limits: IsolationLimits): Worker {
  const data = { [WORKER_FLAG]: true, options };
  const resourceLimits = { maxOldGenerationSizeMb: Math.max(WORKER_HEAP_CEILING_MIB, limits.maxMemoryMiB) };
  if (__filename.endsWith('.ts')) {
    const code = `require('esbuild-register/dist/node').register({ target: 'node20' }); require(${JSON.stringify(__filename)});`;
    return new Worker(code, { eval: true, workerData: data, resourceLimits });
  }
  return new Worker(__filename, { workerData: data, resourceLimits });
}

/** Runs inputs one at a time in a worker thread under the budget. */
export class IsolatedSanitizer {
  private worker?: Worker;
  private ready?: Promise<Worker>;
  /** The worker thread's CPU clock (undefined: the CPU budget is enforced as wall-clock time). */
  private cpuClock?: string;
  private readonly queue: Job[] = [];
  private running?: Job;
  private nextId = 1;

  constructor(
    private readonly options: BuiltinSanitizerOptions,
    private readonly limits: IsolationLimits,
  ) {}

  sanitize(input: SanitizeInput): Promise<SanitizeResult> {
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, input, resolve, reject });
      void this.pump();
    });
  }

  /** Stops the worker (it is unreferenced while idle, so a process exits without this). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) await worker.terminate();
  }

  private getWorker(): Promise<Worker> {
    if (this.ready) return this.ready;
    const worker = startWorker(this.options, this.limits);
    this.worker = worker;
    this.ready = new Promise<Worker>((resolve, reject) => {
      const onMessage = (message: WorkerMessage) => {
        if ('ready' in message) {
          this.cpuClock = message.cpuClock;
          worker.off('message', onMessage);
          worker.off('error', onError);
          resolve(worker);
        }
      };
      const onError = (error: Error) => reject(error);
      worker.on('message', onMessage);
      worker.once('error', onError);
    });
    this.ready.catch(() => this.discard(worker));
    return this.ready;
  }

  private discard(worker: Worker): void {
    if (this.worker === worker) {
      this.worker = undefined;
      this.ready = undefined;
    }
    void worker.terminate();
  }

  private async pump(): Promise<void> {
    if (this.running || this.queue.length === 0) return;
    const job = this.queue.shift() as Job;
    this.running = job;
    let worker: Worker;
    try {
      worker = await this.getWorker();
    } catch (error) {
      this.running = undefined;
      if ((error as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
        // Not even the engine fits in the budget: every input is over it.
        job.resolve(overBudget(job.input, `needs more than ${this.limits.maxMemoryMiB} MiB of memory (limits.maxMemoryMiBPerFile)`));
      } else {
        job.reject(new Error(`the sanitizer worker thread could not start: ${error instanceof Error ? error.message : String(error)}`));
      }
      void this.pump();
      return;
    }
    worker.ref();
    inputsRunning++;
    const overMemory = () =>
      overBudget(job.input, `needs more than ${this.limits.maxMemoryMiB} MiB of memory (limits.maxMemoryMiBPerFile)`);
    const overCpu = () =>
      overBudget(job.input, `needs more than ${this.limits.maxCpuMilliseconds} ms of CPU time (limits.${this.limits.cpuOption})`);
    const cpuClock = this.cpuClock;
    const cpuAtStart = cpuClock === undefined ? undefined : threadCpuMilliseconds(cpuClock);
    const withCpuTime = (result: SanitizeResult): SanitizeResult => {
      const now = cpuClock === undefined ? undefined : threadCpuMilliseconds(cpuClock);
      if (now === undefined || cpuAtStart === undefined || !result.metrics) return result;
      return { ...result, metrics: { ...result.metrics, cpuMilliseconds: Math.round(now - cpuAtStart) } };
    };
    const overCpuNow = () => {
      if (cpuClock === undefined || cpuAtStart === undefined) return false;
      const now = threadCpuMilliseconds(cpuClock);
      return now !== undefined && now - cpuAtStart > this.limits.maxCpuMilliseconds;
    };
    const finish = (outcome: { result: SanitizeResult } | { error: Error }, keepWorker: boolean) => {
      if (this.running !== job) return;
      inputsRunning--;
      clearTimeout(timer);
      clearInterval(sampler);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (keepWorker) worker.unref();
      else this.discard(worker);
      this.running = undefined;
      if ('result' in outcome) job.resolve(outcome.result);
      else job.reject(outcome.error);
      void this.pump();
    };
    const onMessage = (message: WorkerMessage) => {
      if ('ready' in message || message.id !== job.id) return;
      // One last sample: a file that finished between two samples is held to the budget too, so
      // the verdict depends on the CPU time the file needed, not on when the sampler looked.
      if (overCpuNow()) finish({ result: overCpu() }, false);
      else if (overBudgetNow()) finish({ result: overMemory() }, false);
      else if ('error' in message) finish({ error: new Error(message.error) }, true);
      else finish({ result: withCpuTime(message.result) }, true);
    };
    const onError = (error: Error & { code?: string }) => {
      if (error.code === 'ERR_WORKER_OUT_OF_MEMORY') {
        finish({ result: overMemory() }, false);
      } else {
        finish({ error }, false);
      }
    };
    const onExit = (code: number) => finish({ error: new Error(`the sanitizer worker thread exited with code ${code}`) }, false);
    // Without a CPU clock the CPU budget can only be wall-clock time, as it was before.
    const wallClock =
      cpuAtStart === undefined
        ? { ms: this.limits.maxCpuMilliseconds, option: this.limits.cpuOption }
        : { ms: this.limits.maxWallClockMilliseconds, option: 'maxWallClockMillisecondsPerFile' };
    const timer = setTimeout(
      () =>
        finish(
          { result: overBudget(job.input, `took more than ${wallClock.ms} ms of wall-clock time (limits.${wallClock.option})`) },
          false,
        ),
      wallClock.ms,
    );
    // Files running side by side (several engines in one process) share the growth: each is
    // held to its budget, so together they may grow by the budget times their number.
    const residentAtStart = process.memoryUsage.rss();
    const budgetBytes = this.limits.maxMemoryMiB * 1024 * 1024;
    const overBudgetNow = () => process.memoryUsage.rss() - residentAtStart > budgetBytes * inputsRunning;
    const sampler = setInterval(() => {
      if (overCpuNow()) finish({ result: overCpu() }, false);
      else if (overBudgetNow()) finish({ result: overMemory() }, false);
    }, SAMPLE_MS);
    worker.on('message', onMessage);
    worker.once('error', onError);
    worker.once('exit', onExit);
    worker.postMessage({ id: job.id, input: job.input });
  }
}

function overBudget(input: SanitizeInput, why: string): SanitizeResult {
  return {
    file: input.name,
    verdict: 'quarantined',
    detectedType: 'unknown',
    actions: [],
    reason: `the file ${why}; it was stopped and is not delivered`,
    reasonCode: 'limit-exceeded',
    sha256In: sha256Hex(input.bytes),
    metrics: { bytesInflated: 0, entriesOpened: 0, maxDepthReached: 0 },
  };
}

// Inside the worker thread: sanitize what the parent sends, in this thread. Started on the next
// turn, once every module (this one, the engine that imports it, a bundle around both) is loaded.
if (!isMainThread && parentPort && (workerData as Record<string, unknown> | undefined)?.[WORKER_FLAG]) {
  const port = parentPort;
  setImmediate(() => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { BuiltinSanitizerEngine } = require('../engine') as typeof import('../engine');
    const options = (workerData as { options: BuiltinSanitizerOptions }).options;
    const engine = new BuiltinSanitizerEngine({ ...options, isolation: 'none' });
    port.on('message', (job: { id: number; input: SanitizeInput }) => {
      engine.sanitize(job.input).then(
        (result) => port.postMessage({ id: job.id, result }),
        (error: unknown) => port.postMessage({ id: job.id, error: error instanceof Error ? error.message : String(error) }),
      );
    });
    port.postMessage({ ready: true, cpuClock: ownThreadCpuClock() });
  });
}
