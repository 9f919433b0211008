import { localized, nonCompliant, notKnown, outcomeOf } from '../outcome';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { isRecord } from '../../lib/template/template-index';

const SETTINGS = ['BlockPublicAcls', 'BlockPublicPolicy', 'IgnorePublicAcls', 'RestrictPublicBuckets'];

/** Control 29: S3 buckets block all public access. */
export const s3BlockPublicAccess = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  const config = bucket.properties.PublicAccessBlockConfiguration;
  if (!isRecord(config))
    return nonCompliant(localized('PublicAccessBlockConfiguration is not set', 'PublicAccessBlockConfiguration が設定されていない'));
  const values = SETTINGS.map((key) => ({ key, value: setting(index, config[key]) }));
  const off = values.filter(({ value }) => value.known && value.text !== 'true');
  const unknown = values.flatMap(({ key, value }) => (value.known ? [] : [notKnown(`PublicAccessBlockConfiguration.${key}`, value.why)]));
  return outcomeOf(
    off.map(({ key }) =>
      localized(`PublicAccessBlockConfiguration.${key} is not true`, `PublicAccessBlockConfiguration.${key} が true ではない`),
    ),
    unknown,
  );
});
