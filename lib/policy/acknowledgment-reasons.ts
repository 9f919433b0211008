/**
 * Japanese for the reasons of the acknowledgments lgsec's own constructs make. The constructs
 * write the English reason (it is what cdk-nag and the template metadata carry); the report
 * looks the Japanese up here by that English text, so both stay in one place.
 */
interface ReasonTranslation {
  /** The English reason, as the construct writes it (a pattern where it names a region or a path). */
  readonly en: RegExp;
  readonly ja: (match: RegExpMatchArray) => string;
}

const exactly = (text: string): RegExp => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const TRANSLATIONS: readonly ReasonTranslation[] = [
  {
    // AuditedBucket as the cross-region replica of an availability-2 bucket.
    en: /^This bucket is the copy in (\S+) of availability-2 bucket (\S+), which replicates to it; a copy of the copy would add no region\.$/,
    ja: (m) =>
      `このバケットは可用性2のバケット ${m[2]} の ${m[1]} における複製であり、複製元がここへ複製する。複製の複製はリージョンを増やさない。`,
  },
  {
    // AccessLogBucket.
    en: exactly(
      'S3 delivers server access logs only to buckets encrypted with SSE-S3 (SSE-KMS targets are not supported), so this C2 log bucket cannot use a customer-managed key; it is private, TLS-only and versioned.',
    ),
    ja: () =>
      'S3 はサーバーアクセスログを SSE-S3 で暗号化されたバケットにしか配信しない（SSE-KMS の配信先は使えない）ため、' +
      'この機密性2のログバケットはカスタマー管理キーを使えない。バケットは非公開、TLS 限定で、バージョニングを有効にしている。',
  },
  {
    // BreakGlassAccess.
    en: exactly(
      'The break-glass role repairs a guarded account in an emergency: it may do anything IAM allows, only with MFA, ' +
        'for an hour, and every use alarms.',
    ),
    ja: () =>
      '緊急用（break-glass）ロールは、緊急時にガードレールのあるアカウントを修復する：IAM が許す何でもできるが、' +
      'MFA が必須で、1 時間に限られ、使うたびにアラームが鳴る。',
  },
  {
    en: exactly(
      'A permissions boundary would bind the role that must repair everything else; MFA, one-hour sessions, named ' +
        'principals and the alarm on every use guard it instead.',
    ),
    ja: () =>
      'アクセス許可の境界は、他のすべてを修復すべきロールを縛ってしまう。代わりに MFA、1 時間のセッション、' +
      '指定したプリンシパル、使うたびのアラームがこのロールを守る。',
  },
  {
    // DeploymentBootstrap.
    en: exactly(
      'Trusted by the pipeline role ARNs alone (no account root), which the guardrails let only StackSets change; a ' +
        'pipeline has no MFA, and an external id guards third parties, not it.',
    ),
    ja: () =>
      'パイプラインのロール ARN だけが信頼され（アカウントのルートは信頼しない）、ガードレールによりそれを変更できるのは StackSets だけである。' +
      'パイプラインは MFA を持たず、外部 ID は第三者に対する対策であってパイプラインには当たらない。',
  },
  {
    en: exactly(
      'Holds deployment templates and code only, written by the pipeline role and read by CloudFormation; the trail ' +
        'records every deployment call.',
    ),
    ja: () =>
      'デプロイ用のテンプレートとコードだけを保管し、パイプラインのロールが書き込み CloudFormation が読む。' +
      'すべてのデプロイの呼出しは証跡が記録する。',
  },
];

/** The Japanese of a reason one of lgsec's constructs gives, or undefined for any other reason. */
export function acknowledgmentReasonJa(reason: string): string | undefined {
  for (const translation of TRANSLATIONS) {
    const match = reason.match(translation.en);
    if (match) return translation.ja(match);
  }
  return undefined;
}
