import { mkdtempSync, existsSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { App, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { AwsSolutionsChecks } from 'cdk-nag';
import { DataPerimeterOptions, IDataPerimeter } from '../../lib/zones/data-perimeter';

/** A data perimeter like MyNumberZone's: deny outside the endpoints, exempting given principals. */
export class FakePerimeter implements IDataPerimeter {
  public readonly calls: Array<{ resourceArns: string[]; options?: DataPerimeterOptions }> = [];
  constructor(public readonly vpcEndpointIds: string[]) {}

  denyOutsidePerimeterStatements(resourceArns: string[], options?: DataPerimeterOptions): iam.PolicyStatement[] {
    this.calls.push({ resourceArns, options });
    return [
      new iam.PolicyStatement({
        sid: 'DenyOutsidePerimeter',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: options?.actions ?? ['s3:*'],
        resources: resourceArns,
        conditions: {
          StringNotEquals: { 'aws:SourceVpce': this.vpcEndpointIds },
          ...(options?.exemptPrincipalArns ? { ArnNotLike: { 'aws:PrincipalArn': options.exemptPrincipalArns } } : {}),
        },
      }),
    ];
  }
}

const outdirs: string[] = [];
afterAll(() => {
  for (const dir of outdirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** An app that runs cdk-nag's AwsSolutions pack (and aws-cdk-lib's schema validation) on synth. */
export function checkedApp(): { app: App; outdir: string } {
  const outdir = mkdtempSync(join(tmpdir(), 'lgsec-storage-'));
  outdirs.push(outdir);
  const app = new App({ outdir });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, outdir };
}

/** Every violation of every validation plugin (cdk-nag, CloudFormation schema) after synth. */
export function validationViolations(outdir: string): string[] {
  const file = join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports: Array<{
      pluginName: string;
      violations: Array<{ ruleName: string; violatingConstructs: Array<{ constructPath: string }> }>;
    }>;
  };
  return report.pluginReports.flatMap((plugin) =>
    plugin.violations.flatMap((v) => v.violatingConstructs.map((c) => `${plugin.pluginName} ${v.ruleName} at ${c.constructPath}`)),
  );
}
