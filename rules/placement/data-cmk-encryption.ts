import { classificationOf, DATA_STORE_TYPES, isClusterMember } from '../../lib/template/data-store';
import { advisory, compliant, localized, nonCompliant, notApplicable, notKnown, RuleOutcome, unverifiable } from '../outcome';
import { TAG_KEYS } from '../../lib/policy';
import { sourceJa } from '../../lib/template/why-ja';
import { setting } from '../../lib/template/values';
import { resourceRule } from '../rule';
import { isRecord, TemplateIndex, TemplateResource, valueAt } from '../../lib/template/template-index';

/** A KMS key reference that is a customer-managed key: one in the templates, or any key id/ARN but an `alias/aws/…` one. */
function customerKey(index: TemplateIndex, value: unknown, what: string): RuleOutcome {
  if (value === undefined)
    return nonCompliant(
      localized(`${what} is not set, so the AWS-managed key is used`, `${what} が設定されておらず、AWS 管理のキーが使われる`),
    );
  const ref = index.follow(value);
  if (ref.kind === 'resource') {
    if (ref.resource.type === 'AWS::KMS::Key' || ref.resource.type === 'AWS::KMS::ReplicaKey') return compliant();
    if (ref.resource.type === 'AWS::KMS::Alias') return compliant();
    return nonCompliant(
      localized(
        `${what} refers to ${ref.resource.logicalId} (${ref.resource.type}), not a KMS key`,
        `${what} は KMS キーではなく ${ref.resource.logicalId}（${ref.resource.type}）を指している`,
      ),
    );
  }
  if (ref.kind === 'literal') {
    return /(^|:)alias\/aws\//.test(String(ref.value))
      ? nonCompliant(
          localized(`${what} is the AWS-managed key '${String(ref.value)}'`, `${what} は AWS 管理のキー '${String(ref.value)}' である`),
        )
      : compliant();
  }
  if (ref.kind === 'external')
    return unverifiable(
      localized(
        `${what} comes from ${ref.why}; cannot tell whether it is a customer-managed key`,
        `${what} が${sourceJa(ref.why)}から来るため、カスタマー管理のキーか分からない`,
      ),
    );
  return nonCompliant(localized(`${what} is not set`, `${what} が設定されていない`));
}

function s3(props: Readonly<Record<string, unknown>>, index: TemplateIndex): RuleOutcome {
  const rules = valueAt(props, 'BucketEncryption.ServerSideEncryptionConfiguration');
  if (!Array.isArray(rules) || rules.length === 0)
    return nonCompliant(localized('BucketEncryption is not set (S3-managed keys)', 'BucketEncryption が設定されていない（S3 管理のキー）'));
  const byDefault = rules.map((rule) => (isRecord(rule) ? rule.ServerSideEncryptionByDefault : undefined)).find(isRecord);
  if (!byDefault)
    return nonCompliant(
      localized('BucketEncryption has no ServerSideEncryptionByDefault', 'BucketEncryption に ServerSideEncryptionByDefault がない'),
    );
  const algorithm = index.literalString(byDefault.SSEAlgorithm);
  if (algorithm !== 'aws:kms' && algorithm !== 'aws:kms:dsse')
    return nonCompliant(
      localized(
        `SSEAlgorithm is '${algorithm ?? JSON.stringify(byDefault.SSEAlgorithm)}', not aws:kms`,
        `SSEAlgorithm が aws:kms ではなく '${algorithm ?? JSON.stringify(byDefault.SSEAlgorithm)}' である`,
      ),
    );
  return customerKey(index, byDefault.KMSMasterKeyID, 'KMSMasterKeyID');
}

function encryptedWithKey(props: Readonly<Record<string, unknown>>, index: TemplateIndex, flag: string, key: string): RuleOutcome {
  const read = setting(index, props[flag]);
  if (!read.known) return unverifiable(notKnown(flag, read.why));
  if (read.text !== 'true') return nonCompliant(localized(`${flag} is not true`, `${flag} が true ではない`));
  return customerKey(index, props[key], key);
}

/**
 * Control 3: confidentiality 2 and 3 data stores are encrypted with a customer-managed KMS key.
 * A store without a classification is judged as confidentiality 3, the strictest: what it holds
 * is not known, and encryption should not wait for the tag. Its findings are warnings naming
 * that assumption (LGSEC-DATA-CLASSIFICATION-TAG reports the missing tag as the error); once
 * classified they are errors, or not applicable for confidentiality 1.
 */
export const dataCmkEncryption = resourceRule(DATA_STORE_TYPES, (store, index) => {
  const { classification } = classificationOf(store, index);
  if (classification) return classification.confidentiality < 2 ? notApplicable() : judge(store, index);
  const outcome = judge(store, index);
  if (outcome.status === 'compliant' || outcome.status === 'not-applicable') return outcome;
  const en = `no valid ${TAG_KEYS.confidentiality} tag, so judged as confidentiality 3 until classified: ${outcome.detail}`;
  const ja = `有効な ${TAG_KEYS.confidentiality} タグがないため、分類されるまで機密性 3 として判定しました: ${outcome.detail}`;
  return outcome.status === 'non-compliant' ? advisory(localized(en, ja)) : unverifiable(localized(en, ja));
});

function judge(store: TemplateResource, index: TemplateIndex): RuleOutcome {
  const props = store.properties;
  switch (store.type) {
    case 'AWS::S3::Bucket':
      return s3(props, index);
    case 'AWS::DynamoDB::Table':
    case 'AWS::DynamoDB::GlobalTable': {
      const sse = isRecord(props.SSESpecification) ? props.SSESpecification : undefined;
      if (!sse || (sse.SSEEnabled !== true && index.literalString(sse.SSEEnabled) !== 'true'))
        return nonCompliant(
          localized(
            'SSESpecification.SSEEnabled is not true (DynamoDB-owned key)',
            'SSESpecification.SSEEnabled が true ではない（DynamoDB 所有のキー）',
          ),
        );
      if (sse.SSEType !== undefined && index.literalString(sse.SSEType) !== 'KMS')
        return nonCompliant(
          localized(
            `SSESpecification.SSEType is '${index.literalString(sse.SSEType)}', not KMS`,
            `SSESpecification.SSEType が KMS ではなく '${index.literalString(sse.SSEType)}' である`,
          ),
        );
      if (store.type === 'AWS::DynamoDB::GlobalTable') {
        // Global tables name the key per replica.
        const replicas = Array.isArray(props.Replicas) ? props.Replicas : [];
        const keys = replicas.map((replica) => valueAt(replica, 'SSESpecification.KMSMasterKeyId'));
        if (keys.length === 0 || keys.some((key) => key === undefined))
          return nonCompliant(
            localized('a replica has no SSESpecification.KMSMasterKeyId', 'SSESpecification.KMSMasterKeyId のないレプリカがある'),
          );
        return (
          keys.map((key) => customerKey(index, key, 'Replicas[].SSESpecification.KMSMasterKeyId')).find((o) => o.status !== 'compliant') ??
          compliant()
        );
      }
      return customerKey(index, sse.KMSMasterKeyId, 'SSESpecification.KMSMasterKeyId');
    }
    case 'AWS::RDS::DBInstance':
      if (isClusterMember(store)) return notApplicable();
      return encryptedWithKey(props, index, 'StorageEncrypted', 'KmsKeyId');
    case 'AWS::RDS::DBCluster':
      return encryptedWithKey(props, index, 'StorageEncrypted', 'KmsKeyId');
    case 'AWS::EFS::FileSystem':
    case 'AWS::EC2::Volume':
      return encryptedWithKey(props, index, 'Encrypted', 'KmsKeyId');
    case 'AWS::Backup::BackupVault':
      return customerKey(index, props.EncryptionKeyArn, 'EncryptionKeyArn');
  }
  return notApplicable();
}
