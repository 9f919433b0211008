/**
 * Acknowledgments with the exceptions register's fields, made in CDK code: the city's exceptions
 * and the design decisions of lgsec's own constructs.
 */
import { Validations } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { EXCEPTION_METADATA_TYPE, isIsoDate } from './exception-fields';

/** An exception: a finding knowingly accepted, with the register's fields. */
export interface ExceptionProps {
  /** The rule id, with or without the `LGSEC::` prefix. */
  readonly ruleId: string;
  /** Why the finding is accepted (auditors read it). */
  readonly reason: string;
  /** Who approved it. @default - not recorded (required when the pack sets `requireExceptionFields`) */
  readonly approver?: string;
  /** Date of approval, `YYYY-MM-DD`. @default - not recorded */
  readonly approvedOn?: string;
  /** Last day it holds, `YYYY-MM-DD`; after it the finding fails again. @default - no expiry */
  readonly expiresOn?: string;
  /** Ticket or document of the approval. @default - not recorded */
  readonly reference?: string;
}

/**
 * Acknowledges an lgsec finding on `scope` as an exception with its approver, dates and
 * reference: `Validations.of(scope).acknowledge` plus the register's fields, which lgsec writes
 * into the template beside the reason. Throws on a malformed date.
 */
export function acknowledgeException(scope: IConstruct, props: ExceptionProps): void {
  const ruleId = props.ruleId.replace(/^LGSEC::/i, '');
  const problems = (['approvedOn', 'expiresOn'] as const)
    .filter((key) => props[key] !== undefined && !isIsoDate(props[key]!))
    .map((key) => `${key}: '${props[key]}' is not a date; write it YYYY-MM-DD, e.g. 2027-03-31`);
  if (!/^LGSEC-[A-Z0-9-]+$/.test(ruleId)) problems.push(`ruleId: '${props.ruleId}' is not an lgsec rule id like LGSEC-DATA-CMK-ENCRYPTION`);
  if (problems.length > 0) throw new Error(`Invalid exception at '${scope.node.path}':\n  - ${problems.join('\n  - ')}`);
  Validations.of(scope).acknowledge({ id: `LGSEC::${ruleId}`, reason: props.reason });
  const { approver, approvedOn, expiresOn, reference } = props;
  scope.node.addMetadata(EXCEPTION_METADATA_TYPE, { ruleId, approver, approvedOn, expiresOn, reference });
}

/**
 * Acknowledges an lgsec finding on one of lgsec's own constructs as a design decision: shown
 * apart from the city's exceptions, in English and Japanese.
 */
export function acknowledgeDesignDecision(scope: IConstruct, ruleId: string, reason: { readonly en: string; readonly ja: string }): void {
  Validations.of(scope).acknowledge({ id: `LGSEC::${ruleId}`, reason: reason.en });
  scope.node.addMetadata(EXCEPTION_METADATA_TYPE, { ruleId, byDesign: true, reasonJa: reason.ja });
}

/**
 * The reasons of every lgsec finding that lgsec's own constructs acknowledge, in English and
 * Japanese: one place, so the report's design decisions are reviewed (and translated) together.
 */
export const DESIGN_DECISIONS = {
  /** AuditedReplicaBucket: the copy is not copied again. */
  replicaIsTheRegionCopy: (region: string, source: string) => ({
    en: `This bucket is the copy in ${region} of availability-2 bucket ${source}, which replicates to it; a copy of the copy would add no region.`,
    ja: `このバケットは可用性2のバケット ${source} の ${region} における複製であり、元のバケットから複製される。複製の複製は別のリージョンを加えない。`,
  }),
  /** AccessLogBucket: S3 server access logs cannot be delivered to an SSE-KMS bucket. */
  accessLogsNeedSseS3: {
    en: 'S3 delivers server access logs only to buckets encrypted with SSE-S3 (SSE-KMS targets are not supported), so this C2 log bucket cannot use a customer-managed key; it is private, TLS-only and versioned.',
    ja: 'S3 はサーバーアクセスログを SSE-S3 で暗号化したバケットにしか配信できない（SSE-KMS の配信先は非対応）ため、この機密性2のログバケットはカスタマー管理キーを使えない。非公開、TLS のみ、バージョニング有効である。',
  },
  /** BreakGlassAccess: the emergency role may do anything IAM allows. */
  breakGlassIsAdministrator: {
    en:
      'The break-glass role repairs a guarded account in an emergency: it may do anything IAM allows, only with MFA, ' +
      'for an hour, and every use alarms.',
    ja: 'ブレークグラス用ロールは緊急時に保護されたアカウントを修復するため、IAM が許すすべての操作を行えるが、MFA 必須、1 時間のセッションに限られ、使用のたびに警報が出る。',
  },
  /** BreakGlassAccess: no permissions boundary on the role that repairs everything else. */
  breakGlassHasNoBoundary: {
    en:
      'A permissions boundary would bind the role that must repair everything else; MFA, one-hour sessions, named ' +
      'principals and the alarm on every use guard it instead.',
    ja: 'アクセス許可の境界は、他のすべてを修復すべきロールを縛ってしまう。代わりに MFA、1 時間のセッション、名前を指定したプリンシパル及び使用のたびの警報がこのロールを守る。',
  },
  /** DeploymentBootstrap: the pipeline's roles need neither MFA nor an external id. */
  pipelineRoleTrust: {
    en:
      'Trusted by the pipeline role ARNs alone (no account root), which the guardrails let only StackSets change; a ' +
      'pipeline has no MFA, and an external id guards third parties, not it.',
    ja: 'パイプラインのロール ARN のみを信頼し（アカウントのルートは信頼しない）、その変更はガードレールにより StackSet にしか許されない。パイプラインには MFA がなく、外部 ID は第三者に対する防御であってパイプラインのためのものではない。',
  },
  /** DeploymentBootstrap: the staging bucket holds deployment artifacts only. */
  stagingBucketAccessLogs: {
    en:
      'Holds deployment templates and code only, written by the pipeline role and read by CloudFormation; the trail ' +
      'records every deployment call.',
    ja: 'デプロイ用のテンプレートとコードのみを保管し、パイプラインのロールが書き込み CloudFormation が読み取る。すべてのデプロイの呼び出しは証跡（CloudTrail）に記録される。',
  },
} as const;

/** A design decision as written in a template's `Metadata.lgsec.acknowledgments` (for templates lgsec builds as data). */
export function designDecisionEntry(ruleId: string, reason: { readonly en: string; readonly ja: string }): Record<string, unknown> {
  return { id: ruleId, reason: reason.en, byDesign: true, reasonJa: reason.ja };
}
