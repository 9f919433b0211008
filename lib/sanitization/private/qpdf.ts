import * as fs from 'fs';
import { qpdfWasmPath } from '../qpdf-wasm-file';

/**
 * qpdf (the C++ PDF library and tool) compiled to WebAssembly, run in-process through its
 * command line. The module is compiled once per thread. An instance (about 8 ms to create, two
 * thirds of the cost of a small PDF) is used again after a run that succeeded, with its files
 * removed; after a failed run (qpdf may stop anywhere in its heap and stack), after
 * MAX_RUNS_PER_INSTANCE runs, or once its memory has grown past IDLE_MEMORY_BYTES it is dropped
 * and the next run gets a new one. On the 1,638 PDFs of the public corpus, dumps and rewrites
 * from reused instances are byte-for-byte those of fresh ones.
 */

interface QpdfFs {
  writeFile(path: string, data: Uint8Array): void;
  readFile(path: string): Uint8Array;
  readFile(path: string, options: { encoding: 'utf8' }): string;
  unlink(path: string): void;
}

interface QpdfModule {
  callMain(args: string[]): number;
  FS: QpdfFs;
}

/** The few parts of the WebAssembly API used here (the project's TypeScript libs leave it out). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  compile(bytes: Uint8Array): Promise<object>;
  instantiate(module: object, imports: object): Promise<WasmInstance>;
  readonly Memory: abstract new (...args: never[]) => WasmMemory;
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

type CreateModule = (options: Record<string, unknown>) => Promise<QpdfModule>;

interface Instance {
  readonly module: QpdfModule;
  readonly memory: WasmMemory;
  /** The most bytes this instance's memory may grow to during the current run. */
  capBytes: number;
  readonly stderr: string[];
  /** Runs done so far. */
  runs: number;
}

const WASM_PAGE = 64 * 1024;
const MAX_RUNS_PER_INSTANCE = 100;
/** An instance whose memory grew past this (a large file) is not kept: its memory would stay. */
const IDLE_MEMORY_BYTES = 64 * 1024 * 1024;

let compiled: Promise<object> | undefined;
/** The instance kept from the last successful run, if any. */
let idle: Instance | undefined;

function loadCreateModule(): CreateModule {
  // The package is CommonJS with a default export; require keeps the bundlers' interop out of it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('@neslinesli93/qpdf-wasm') as CreateModule;
}

async function instantiate(): Promise<Instance> {
  const wasmPath = qpdfWasmPath();
  compiled ??= fs.promises.readFile(wasmPath).then((bytes) => wasmApi.compile(bytes));
  const wasm = await compiled;
  const stderr: string[] = [];
  const instance: { stderr: string[]; capBytes: number; runs: number } = { stderr, capBytes: Number.MAX_SAFE_INTEGER, runs: 0 };
  // The build has no instantiateWasm hook: catch its WebAssembly.instantiate call for the time
  // it takes, hand it the module compiled once, and keep the memory it exports.
  let memory: WasmMemory | undefined;
  const original = wasmApi.instantiate;
  const api = wasmApi as { instantiate: unknown };
  api.instantiate = async (_bytes: unknown, imports: object) => {
    const created = await original.call(wasmApi, wasm, imports);
    memory ??= Object.values(created.exports).find((e): e is WasmMemory => e instanceof wasmApi.Memory);
    return { instance: created, module: wasm };
  };
  // The glue binds console.log and console.error when it is created (it ignores print and
  // printErr): swap them in for that moment, so qpdf's output is captured, not printed.
  const { log, error } = console;
  console.log = () => undefined;
  console.error = (line: unknown) => {
    if (stderr.length < 200) stderr.push(String(line));
  };
  let module: QpdfModule;
  try {
    module = await loadCreateModule()({ noInitialRun: true, thisProgram: 'qpdf', locateFile: () => wasmPath });
  } finally {
    api.instantiate = original;
    console.log = log;
    console.error = error;
  }
  const target = memory;
  if (!target) throw new Error('the qpdf WebAssembly module exports no memory');
  // qpdf's allocator grows memory through this call (and treats a throw as "no memory"):
  // refusing makes the allocation fail inside qpdf, which ends the run with an error instead
  // of taking the machine's memory.
  const grow = target.grow.bind(target);
  target.grow = (pages: number) => {
    if (target.buffer.byteLength + pages * WASM_PAGE > instance.capBytes) throw new RangeError('qpdf memory budget exceeded');
    return grow(pages);
  };
  return Object.assign(instance, { module, memory: target });
}

export interface QpdfRun {
  /** qpdf's exit status: 0 success, 2 error, 3 success with warnings. */
  readonly status: number;
  readonly stderr: readonly string[];
  /** True when the run was stopped because qpdf needed more memory than allowed. */
  readonly outOfMemory: boolean;
}

/**
 * Runs one qpdf command line on in-memory files: `inputs` are written to the virtual file
 * system first and `outputs` read back after (missing ones are left out).
 */
export async function runQpdf(
  args: readonly string[],
  inputs: Readonly<Record<string, Uint8Array>>,
  outputs: readonly string[],
  maxMemoryBytes: number,
): Promise<QpdfRun & { files: Record<string, Uint8Array> }> {
  const instance = idle ?? (await instantiate());
  idle = undefined;
  instance.runs += 1;
  let succeeded = false;
  const exitCode = process.exitCode;
  instance.stderr.length = 0;
  instance.capBytes = Math.max(maxMemoryBytes, instance.memory.buffer.byteLength);
  const { FS } = instance.module;
  const files: Record<string, Uint8Array> = {};
  let status: number;
  let outOfMemory: boolean;
  try {
    for (const [name, bytes] of Object.entries(inputs)) FS.writeFile(name, bytes);
    try {
      status = instance.module.callMain([...args]);
    } catch (error) {
      outOfMemory = error instanceof RangeError || /memory budget/i.test(String(error));
      return { status: 2, stderr: [...instance.stderr, String(error)], outOfMemory, files };
    }
    outOfMemory = instance.stderr.some((line) => /bad_alloc|memory budget/i.test(line));
    for (const name of outputs) {
      try {
        files[name] = FS.readFile(name);
      } catch {
        // qpdf did not write it (it failed); the caller looks at the status.
      }
    }
    succeeded = (status === 0 || status === 3) && !outOfMemory;
  } finally {
    // The glue reports qpdf's exit status through process.exitCode; it is not the process's.
    process.exitCode = exitCode;
    if (succeeded && instance.runs < MAX_RUNS_PER_INSTANCE && instance.memory.buffer.byteLength <= IDLE_MEMORY_BYTES) {
      for (const name of [...Object.keys(inputs), ...outputs]) {
        try {
          FS.unlink(name);
        } catch {
          // Not written (an output qpdf did not produce).
        }
      }
      idle = instance;
    }
  }
  return { status, stderr: [...instance.stderr], outOfMemory, files };
}
