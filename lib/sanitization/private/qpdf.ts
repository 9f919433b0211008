import * as fs from 'fs';
import { qpdfWasmPath } from '../qpdf-wasm-file';

/**
 * qpdf (the C++ PDF library and tool) compiled to WebAssembly, run in-process through its
 * command line. The module is compiled once per thread; every run gets a new instance (a few
 * milliseconds), whose memory goes with it.
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
}

const WASM_PAGE = 64 * 1024;

let compiled: Promise<object> | undefined;

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
  const instance: { stderr: string[]; capBytes: number } = { stderr, capBytes: Number.MAX_SAFE_INTEGER };
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
 * system first, `outputs` read back after (missing ones are left out), and every file is
 * removed again.
 */
export async function runQpdf(
  args: readonly string[],
  inputs: Readonly<Record<string, Uint8Array>>,
  outputs: readonly string[],
  maxMemoryBytes: number,
): Promise<QpdfRun & { files: Record<string, Uint8Array> }> {
  // A fresh instance per run: qpdf leaves the WebAssembly stack and heap as its exit() found
  // them, and a reused instance later traps or misreads (measured on the corpus).
  const instance = await instantiate();
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
  } finally {
    // The glue reports qpdf's exit status through process.exitCode; it is not the process's.
    process.exitCode = exitCode;
  }
  return { status, stderr: [...instance.stderr], outOfMemory, files };
}
