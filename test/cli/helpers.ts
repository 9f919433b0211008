import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { main } from '../../lib/cli/main';
import type { CheckRun } from '../../rules/results';

/** A stream that keeps what is written, and can pretend to be a terminal. */
export class CapturedStream extends Writable {
  text = '';
  isTTY?: boolean;
  columns?: number;

  constructor(options: { isTTY?: boolean; columns?: number } = {}) {
    super();
    this.isTTY = options.isTTY;
    this.columns = options.columns;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.text += chunk.toString();
    callback();
  }
}

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `lgsec` in-process, as bin/lgsec.js does, with captured streams. */
export async function runCli(
  argv: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; stdoutTTY?: boolean; stderrTTY?: boolean } = {},
): Promise<CliRun> {
  const stdout = new CapturedStream({ isTTY: options.stdoutTTY });
  const stderr = new CapturedStream({ isTTY: options.stderrTTY, columns: 100 });
  const code = await main(argv, { stdout, stderr, cwd: options.cwd ?? FIXTURES, env: options.env ?? {} });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/** test/fixtures/templates */
export const FIXTURES = path.join(__dirname, '..', 'fixtures', 'templates');

const tempDirs: string[] = [];

/** A fresh temporary folder, removed after the test file's last test. */
export function makeTempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `lgsec-${prefix}-`));
  tempDirs.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A check run of two templates with every kind of result, for the renderers. */
export function sampleRun(): CheckRun {
  const rule = (id: string, level: 'error' | 'warning', clauses: string[], area: string) => ({
    id,
    qualifiedId: `LGSEC::${id}`,
    level,
    clauses,
    area,
    cause: `${id} cause`,
    explanation: `${id} explanation`,
    fix: `${id} fix`,
    controls: [1],
  });
  return {
    tool: { name: 'lgsec', version: '9.9.9' },
    rules: [
      rule('LGSEC-MYNUMBER-NO-INTERNET-PATH', 'error', ['7.3.a'], 'mynumber'),
      rule('LGSEC-DATA-CLASSIFIED', 'warning', ['5.2', '7.2'], 'placement'),
      rule('LGSEC-STACK-REGION-JAPAN', 'warning', ['7.8.b'], 'outsourcing'),
    ],
    templates: [
      { name: 'MyNumberStack', file: 'mynumber.yaml', region: 'ap-northeast-1', account: '123456789012', resources: 3 },
      { name: 'Other', resources: 1 },
    ],
    results: [
      {
        ruleId: 'LGSEC-DATA-CLASSIFIED',
        level: 'warning',
        clauses: ['5.2', '7.2'],
        status: 'non-compliant',
        template: 'MyNumberStack',
        logicalId: 'Bucket',
        resourceType: 'AWS::S3::Bucket',
        message: 'Bucket has no lgsec:confidentiality tag <b>&"\'\u0001',
      },
      {
        ruleId: 'LGSEC-MYNUMBER-NO-INTERNET-PATH',
        level: 'error',
        clauses: ['7.3.a'],
        status: 'non-compliant',
        template: 'MyNumberStack',
        logicalId: 'PublicRoute',
        resourceType: 'AWS::EC2::Route',
        message: 'Route 0.0.0.0/0 goes to internet gateway Igw',
      },
      {
        ruleId: 'LGSEC-MYNUMBER-NO-INTERNET-PATH',
        level: 'error',
        clauses: ['7.3.a'],
        status: 'compliant',
        template: 'MyNumberStack',
        logicalId: 'Vpc',
        resourceType: 'AWS::EC2::VPC',
      },
      {
        ruleId: 'LGSEC-DATA-CLASSIFIED',
        level: 'warning',
        clauses: ['5.2', '7.2'],
        status: 'not-applicable',
        template: 'MyNumberStack',
        logicalId: 'Vpc',
        resourceType: 'AWS::EC2::VPC',
      },
      {
        ruleId: 'LGSEC-DATA-CLASSIFIED',
        level: 'warning',
        clauses: ['5.2', '7.2'],
        status: 'acknowledged',
        template: 'Other',
        logicalId: 'Logs',
        resourceType: 'AWS::S3::Bucket',
        message: 'Logs has no classification',
        acknowledgment: { reason: 'Holds only public open-data files published on the city site', madeAt: 'Other#Logs' },
      },
      {
        ruleId: 'LGSEC-STACK-REGION-JAPAN',
        level: 'warning',
        clauses: ['7.8.b'],
        status: 'non-compliant',
        template: 'Other',
        logicalId: '',
        resourceType: 'AWS::CloudFormation::Stack',
        message: 'The stack is region-agnostic',
      },
    ],
  };
}
