import { compliant, nonCompliant } from '../core/outcome';
import { resourceRule } from '../core/rule';
import { isRecord } from '../core/template-index';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/** Control 29: S3 buckets block all public access. */
export const s3BlockPublicAccess = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const config = bucket.properties.PublicAccessBlockConfiguration;
  if (!isRecord(config)) return nonCompliant('PublicAccessBlockConfiguration is not set');
  const off = SETTINGS.filter((key) => config[key] !== true && index.literalString(config[key]) !== 'true');
  return off.length === 0 ? compliant() : nonCompliant(...off.map((key) => `PublicAccessBlockConfiguration.${key} is not true`));
});
