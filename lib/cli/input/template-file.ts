import * as fs from 'fs';
import * as path from 'path';
import { CliError, describeFsError } from '../errors';
import type { TemplateSyntax } from './parse-template';

/**
 * The largest template file lgsec reads: 10 MiB. CloudFormation itself accepts at most 1 MB
 * (a template body in S3), and CDK's assets keep templates well below that; the margin covers
 * pretty-printed and pre-processed templates, while a runaway file is refused before it is read.
 */
export const MAX_TEMPLATE_BYTES = 10 * 1024 * 1024;

const SYNTAX_BY_EXTENSION: Readonly<Record<string, TemplateSyntax>> = { '.json': 'json', '.yaml': 'yaml', '.yml': 'yaml' };

/** The syntax a template file's extension announces. */
export function syntaxOf(file: string): TemplateSyntax {
  return SYNTAX_BY_EXTENSION[path.extname(file).toLowerCase()] ?? 'unknown';
}

/**
 * Reads a UTF-8 text file of at most `maxBytes`. Refuses, with one line naming the file and the
 * fix: a missing or unreadable file, a file above `maxBytes` (checked before reading it), an
 * empty file, binary data and text that is not UTF-8.
 */
export function readTextFile(absolutePath: string, displayPath: string, maxBytes = MAX_TEMPLATE_BYTES): string {
  let fd: number;
  try {
    fd = fs.openSync(absolutePath, 'r');
  } catch (err) {
    throw new CliError(describeFsError(err, displayPath));
  }
  let buffer: Buffer;
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) {
      throw new CliError(`${displayPath}: is a folder, expected a file`);
    }
    if (!stat.isFile()) {
      throw new CliError(`${displayPath}: is not a regular file; pass a template file or a cdk.out folder`);
    }
    if (stat.size > maxBytes) {
      throw new CliError(
        `${displayPath}: is ${formatSize(stat.size)}, above lgsec's limit of ${formatSize(maxBytes)} for one template (CloudFormation accepts at most 1 MB); pass the synthesized CloudFormation template, not another file`,
      );
    }
    if (stat.size === 0) {
      throw new CliError(`${displayPath}: is empty; pass a CloudFormation template`);
    }
    buffer = Buffer.alloc(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, buffer, read, stat.size - read, read);
      if (n === 0) {
        break;
      }
      read += n;
    }
    buffer = buffer.subarray(0, read);
  } catch (err) {
    throw err instanceof CliError ? err : new CliError(describeFsError(err, displayPath));
  } finally {
    fs.closeSync(fd);
  }
  return decodeText(buffer, displayPath);
}

function decodeText(buffer: Buffer, displayPath: string): string {
  if ((buffer[0] === 0xff && buffer[1] === 0xfe) || (buffer[0] === 0xfe && buffer[1] === 0xff)) {
    throw new CliError(`${displayPath}: is UTF-16 text; save it as UTF-8`);
  }
  if (buffer.includes(0)) {
    throw new CliError(
      `${displayPath}: is a binary file, not a CloudFormation template; pass a .json, .yaml or .yml template or a cdk.out folder`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(buffer);
  } catch {
    throw new CliError(
      `${displayPath}: is not UTF-8 text (binary data, or another encoding such as Shift_JIS); save the template as UTF-8`,
    );
  }
  // TextDecoder drops a UTF-8 BOM already; a BOM is not part of the template either way.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function formatSize(bytes: number): string {
  if (bytes >= 1024 * 1024) {
    return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MiB`;
  }
  if (bytes >= 1024) {
    return `${(bytes / 1024).toFixed(1).replace(/\.0$/, '')} KiB`;
  }
  return `${bytes} bytes`;
}
