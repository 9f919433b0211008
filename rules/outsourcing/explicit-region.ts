import { backupCopyToOtherRegion, JAPAN_REGIONS } from '../../lib/template/backup';
import { DATA_STORE_TYPES } from '../../lib/template/data-store';
import { compliant, localized, nonCompliant } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

const REGION = /^(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d$/;
const AVAILABILITY_ZONE = /^(?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d[a-z]$/;
const REGION_SHAPE = /[a-z]-\d/;
const IN_TEXT = /(?:arn:[^:\s]+:[^:\s]+:|\.)((?:us-gov|us|eu|ap|sa|ca|me|af|il|mx|cn)-[a-z]+-\d)(?::|\.amazonaws\.com)/g;

/** Paths where a region outside Japan is required by AWS itself (CloudFront takes ACM certificates from us-east-1 only). */
const AWS_REQUIRED = new Set(['AWS::CloudFront::Distribution:DistributionConfig.ViewerCertificate.AcmCertificateArn']);

/** Regions written in a resource's properties (ARNs, endpoints, Region fields), with where. */
function explicitRegions(type: string, value: unknown, path: string, out: { region: string; path: string }[]): void {
  if (typeof value === 'string') {
    // Every region name has a letter, a dash and a digit (`ap-northeast-1`): most strings have none.
    if (!REGION_SHAPE.test(value) || AWS_REQUIRED.has(`${type}:${path}`)) return;
    if (REGION.test(value)) out.push({ region: value, path });
    else if (AVAILABILITY_ZONE.test(value)) out.push({ region: value.slice(0, -1), path });
    // A Fn::Sub placeholder (`arn:${AWS::Partition}:kms:us-west-2:…`) holds colons of its own.
    for (const match of value.replace(/\$\{[^}]*\}/g, 'x').matchAll(IN_TEXT)) out.push({ region: match[1], path });
    return;
  }
  if (Array.isArray(value)) {
    for (const item of value) explicitRegions(type, item, path, out);
    return;
  }
  if (!isRecord(value)) return;
  for (const [key, child] of Object.entries(value)) {
    explicitRegions(type, child, key.startsWith('Fn::') || key === 'Ref' ? path : path ? `${path}.${key}` : key, out);
  }
}

/** Japanese of an AWS Backup copy outside Japan (lib/template/backup.ts words it in English). */
function outsideJapanJa(text: string): string {
  const m = /^(.*) copies its recovery points to (\S+), outside Japan$/s.exec(text);
  return m ? `${m[1]} が復旧ポイントを国外の ${m[2]} にコピーする` : text;
}

/**
 * Control 40: replication destinations and any region written in the template are in Japan too,
 * and so are the vaults AWS Backup copies a data store's recovery points to.
 */
export const explicitRegionJapan = resourceRule(['*'], (resource, index) => {
  const found: { region: string; path: string }[] = [];
  explicitRegions(resource.type, resource.properties, '', found);
  const outside = found
    .filter((f) => !JAPAN_REGIONS.includes(f.region))
    .map((f) => localized(`${f.path} names ${f.region}, outside Japan`, `${f.path} が国外の ${f.region} を指定している`));
  if (DATA_STORE_TYPES.includes(resource.type))
    outside.push(...backupCopyToOtherRegion(resource, index).outsideJapan.map((text) => localized(text, outsideJapanJa(text))));
  if (outside.length === 0) return compliant();
  const unique = new Map(outside.map((problem) => [problem.en, problem]));
  return nonCompliant(...unique.values());
});
