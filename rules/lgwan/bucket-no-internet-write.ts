import { TAG_KEYS, Zone } from '../../lib/policy';
import { mentions } from '../../lib/template/backup';
import { isSanitizingTransfer, roleStatements, roleZone, s3WriteActions } from '../../lib/template/iam';
import { resourceNamedBy } from '../../lib/template/names';
import { localized, notApplicable, outcomeOf, Problem } from '../outcome';
import { awsPrincipal, principalsOf } from '../../lib/template/principal';
import { resourceRule } from '../rule';
import { PolicyStatement } from '../../lib/template/policy-document';
import { Located } from '../../lib/template/template-index';
import { TemplateModel } from '../../lib/template/template-model';
import { bucketPolicyStatements } from '../../lib/template/s3';

interface WriteGrant {
  readonly role: Located;
  readonly statement: PolicyStatement;
  readonly where: string;
  readonly writes: string[];
}

/** Identity-policy statements that let internet-zone roles (not the sanitizing transfer) write S3 objects, once per run. */
function internetWriteGrants(run: TemplateModel): WriteGrant[] {
  return run.memoize('internet-s3-write-grants', () => {
    const out: WriteGrant[] = [];
    for (const role of run.ofType('AWS::IAM::Role')) {
      if (roleZone(role.resource, role.index) !== Zone.INTERNET || isSanitizingTransfer(role.resource, role.index)) continue;
      for (const { statement, where } of roleStatements(role)) {
        const writes = statement.effect === 'Allow' ? s3WriteActions(statement.actions) : [];
        if (writes.length > 0) out.push({ role, statement, where, writes });
      }
    }
    return out;
  });
}

/**
 * Control 18: a bucket of the LGWAN zone grants no write access to a principal of the internet
 * zone, except the sanitizing transfer's own writer (`lgsec:purpose=sanitizing-transfer`).
 * Both the bucket policy and the identity policies of internet-zone roles are read.
 */
export const lgwanBucketNoInternetWrite = resourceRule(['AWS::S3::Bucket'], (bucket, index) => {
  if (index.tagValue(bucket, TAG_KEYS.zone) !== Zone.LGWAN) return notApplicable();
  const problems: Problem[] = [];
  const unresolved: Problem[] = [];
  for (const statement of bucketPolicyStatements(bucket, index).statements) {
    if (statement.effect !== 'Allow') continue;
    const writes = s3WriteActions(statement.actions);
    if (writes.length === 0) continue;
    for (const principal of principalsOf(statement).filter((p) => p.kind === 'AWS')) {
      const role = resourceNamedBy(index, principal.value, 'AWS::IAM::Role');
      if (role) {
        if (roleZone(role.resource, role.index) === Zone.INTERNET && !isSanitizingTransfer(role.resource, role.index)) {
          problems.push(
            localized(
              `the bucket policy lets internet-zone role ${role.resource.logicalId} ${writes.join(', ')}`,
              `バケットポリシーがインターネット接続系のロール ${role.resource.logicalId} に ${writes.join('、')} を許している`,
            ),
          );
        }
        continue;
      }
      const described = awsPrincipal(index, principal.value);
      if (described.kind === 'any')
        problems.push(
          localized(
            `the bucket policy lets any principal ${writes.join(', ')}`,
            `バケットポリシーがすべてのプリンシパルに ${writes.join('、')} を許している`,
          ),
        );
      else if (described.account !== 'self')
        unresolved.push(
          localized(
            `the bucket policy lets ${described.text} ${writes.join(', ')}; its zone cannot be told`,
            `バケットポリシーが ${described.text} に ${writes.join('、')} を許しており、その領域が分からない`,
          ),
        );
    }
  }
  for (const grant of index.model ? internetWriteGrants(index.model) : []) {
    const onBucket = grant.statement.resources.some(
      (value) => value === '*' || (grant.role.index === index && mentions(value, bucket.logicalId)),
    );
    if (onBucket)
      problems.push(
        localized(
          `${grant.where} of internet-zone role ${grant.role.resource.logicalId} allows ${grant.writes.join(', ')} on the bucket`,
          `インターネット接続系のロール ${grant.role.resource.logicalId} の ${grant.where} がバケットへの ${grant.writes.join('、')} を許している`,
        ),
      );
  }
  return outcomeOf(problems, unresolved);
});
