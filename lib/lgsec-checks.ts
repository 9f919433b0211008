import { IConstruct } from 'constructs';
import { CombinedReporter, ResultsFileReporter } from '../rules/pack/reporter';
import { LgsecPack, LgsecPackProps } from '../rules/pack/lgsec-pack';
import { DEFAULT_PROFILE_ID, PolicyProfile, policyProfile, PROFILE_IDS } from './policy/profiles';
import { AuditReportReporter } from './report';

export interface LgsecChecksProps extends LgsecPackProps {
  /**
   * Language of the auditor report written at every synth (when `reporter` is not replaced).
   * @default - the `lgsec:reportLanguage` context value, else 'ja'
   */
  readonly reportLanguage?: 'ja' | 'en';
  /**
   * The policy the auditor report speaks of: its title, clause numbering and clause titles
   * (`SHIOJIRI_PROFILE`, `GUIDELINE_MODEL_PROFILE`, or one of your own).
   * @default - the built-in profile named by the `lgsec:profile` context value, else `shiojiri`
   */
  readonly profile?: PolicyProfile;
}

/**
 * The lgsec policy rule pack (cdk-nag 3.x): a municipality's information security policy
 * (three-layer separation of the national guideline; Shiojiri City's by default, see `profile`)
 * as rules over the synthesized templates, with the auditor report.
 *
 * ```ts
 * Validations.of(app).addPlugins(new LgsecChecks(app));
 * ```
 *
 * Error-level findings fail synthesis; warnings are shown and do not (unless `strict`).
 * Acknowledge a finding with `Validations.of(construct).acknowledge({ id: 'LGSEC::<rule id>', reason })`
 * or, in a plain template, `Metadata.lgsec.acknowledgments`; the reason must say why (auditors
 * read it), or the acknowledgment does not count and is a finding of its own. Acknowledgments
 * made in code are written into the templates, so `lgsec check cdk.out` agrees with synthesis.
 * At every synth, every rule result (compliant and not-applicable too) is written to
 * `lgsec-results.json`, and the auditor report to `lgsec-report.html`, `.md` and `.json`, in the
 * cloud assembly.
 */
export class LgsecChecks extends LgsecPack {
  constructor(scope?: IConstruct, props: LgsecChecksProps = {}) {
    const lang = props.reportLanguage ?? reportLanguageFromContext(scope);
    const profile = props.profile ?? profileFromContext(scope);
    super(scope, {
      ...props,
      reporter: props.reporter ?? new CombinedReporter(new ResultsFileReporter(), new AuditReportReporter({ lang, profile })),
    });
  }
}

function reportLanguageFromContext(scope: IConstruct | undefined): 'ja' | 'en' {
  const value: unknown = scope?.node.tryGetContext('lgsec:reportLanguage');
  if (value === undefined) return 'ja';
  if (value === 'ja' || value === 'en') return value;
  throw new Error(
    `Context 'lgsec:reportLanguage' must be 'ja' or 'en', got ${JSON.stringify(value)}; set it in cdk.json or with -c lgsec:reportLanguage=en`,
  );
}

function profileFromContext(scope: IConstruct | undefined): PolicyProfile {
  const value: unknown = scope?.node.tryGetContext('lgsec:profile');
  if (value === undefined) return policyProfile(DEFAULT_PROFILE_ID);
  if (typeof value === 'string' && PROFILE_IDS.includes(value)) return policyProfile(value);
  throw new Error(
    `Context 'lgsec:profile': unknown policy profile ${JSON.stringify(value)}; use one of ${PROFILE_IDS.join(', ')} ` +
      '(set it in cdk.json or with -c lgsec:profile=guideline-model)',
  );
}
