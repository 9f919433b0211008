import * as path from 'path';

/**
 * The qpdf WebAssembly module file: from the package, or next to the running code when the engine
 * runs from a bundle (the SanitizingTransfer's Lambda bundle copies it there). Kept apart from the
 * engine so that the construct can name the file without loading the sanitizer.
 */
export function qpdfWasmPath(): string {
  try {
    return require.resolve('@neslinesli93/qpdf-wasm/dist/qpdf.wasm');
  } catch {
    return path.join(__dirname, 'qpdf.wasm');
  }
}
