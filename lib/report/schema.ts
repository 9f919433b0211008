/**
 * JSON Schema (draft-07) of `lgsec-report.json`, schema version 1 — the machine-readable form of
 * the contract documented on the interfaces in model.ts. Tools that read the report (the next
 * run's baseline diff, an auditor's own scripts) can validate against it.
 */
import { CLAUSE_VERDICTS, REPORT_KIND, REPORT_SCHEMA_VERSION } from './model';

type Schema = Record<string, unknown>;

const str: Schema = { type: 'string' };
const int: Schema = { type: 'integer', minimum: 0 };
const bool: Schema = { type: 'boolean' };
const strings: Schema = { type: 'array', items: str };
const date: Schema = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' };
const sha: Schema = { type: 'string', pattern: '^[0-9a-f]{64}$' };
const STATUSES = ['compliant', 'non-compliant', 'not-applicable', 'acknowledged'];
const KINDS = ['context', 'automated', 'partial', 'inherited', 'procedural'];

/** A closed object: the listed properties, `required` among them, nothing else. */
function object(properties: Record<string, Schema>, required: string[] = Object.keys(properties)): Schema {
  return { type: 'object', properties, required, additionalProperties: false };
}
const optional = (properties: Record<string, Schema>, ...required: string[]): Schema => object(properties, required);
const list = (items: Schema): Schema => ({ type: 'array', items });
/** The same object schema with these properties no longer required (added after schema version 1 was published). */
const laterAdditions = (schema: Schema, ...names: string[]): Schema => ({
  ...schema,
  required: (schema['required'] as string[]).filter((name) => !names.includes(name)),
});

const counts = object({ compliant: int, nonCompliant: int, acknowledged: int, notApplicable: int });
const control = optional({ state: { enum: ['on', 'off', 'na'] }, detail: str }, 'state');
const resource = optional({ template: str, logicalId: str, type: str, zone: str, account: str }, 'template', 'logicalId', 'type');
const change = optional(
  {
    template: str,
    logicalId: str,
    ruleId: str,
    before: { enum: [...STATUSES, 'absent'] },
    after: { enum: [...STATUSES, 'absent'] },
    message: str,
    messageJa: str,
    reason: str,
    reasonJa: str,
    madeAt: str,
  },
  'template',
  'logicalId',
  'ruleId',
  'before',
  'after',
);

export const REPORT_JSON_SCHEMA: Schema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: `urn:lgsec:report:schema:${REPORT_SCHEMA_VERSION}`,
  title: 'lgsec auditor report',
  description: 'The model of the lgsec auditor report (lgsec-report.json); also the input of the baseline diff.',
  ...optional(
    {
      schemaVersion: { const: REPORT_SCHEMA_VERSION },
      kind: { const: REPORT_KIND },
      lang: { enum: ['ja', 'en'] },
      classification: object({ confidentiality: { const: 2 }, publication: { const: 'not-for-publication' } }),
      policy: object({ ja: str, en: str }),
      profile: object({ id: str, municipality: object({ ja: str, en: str }) }),
      generatedAt: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z$' },
      tool: object({ name: { const: 'lgsec' }, version: str, checkedWith: str }),
      gitCommit: str,
      environment: object({
        stacks: list(optional({ name: str, file: str, region: str, account: str, resources: int }, 'name')),
        regions: strings,
        accounts: strings,
      }),
      summary: object({
        templates: int,
        resources: int,
        results: counts,
        errors: int,
        warnings: int,
        clauses: laterAdditions(object(Object.fromEntries(CLAUSE_VERDICTS.map((verdict) => [verdict, int]))), 'other-organization'),
      }),
      clauses: list(
        optional(
          {
            id: str,
            number: str,
            guideline: str,
            titleJa: str,
            titleEn: str,
            kind: { enum: KINDS },
            meaning: str,
            onAws: str,
            verdict: { enum: [...CLAUSE_VERDICTS] },
            rules: strings,
            counts,
            manualCheck: bool,
            responsibility: object({ party: { enum: ['security-cloud'] }, references: strings }),
          },
          'id',
          'titleJa',
          'titleEn',
          'kind',
          'meaning',
          'verdict',
          'rules',
          'counts',
          'manualCheck',
        ),
      ),
      results: list(
        optional(
          {
            ruleId: str,
            level: { enum: ['error', 'warning'] },
            status: { enum: STATUSES },
            clauses: strings,
            template: str,
            logicalId: str,
            resourceType: str,
            constructPath: str,
            message: str,
            messageJa: str,
            acknowledgment: optional(
              { reason: str, madeAt: str, approver: str, approvedOn: date, expiresOn: date, reference: str, byDesign: bool, reasonJa: str },
              'reason',
              'madeAt',
            ),
          },
          'ruleId',
          'level',
          'status',
          'clauses',
          'template',
          'logicalId',
          'resourceType',
        ),
      ),
      inventory: laterAdditions(
        object({
          accounts: list(object({ account: str, stacks: strings, zones: strings, services: strings, guardrails: strings })),
          separation: optional({ kind: { enum: ['accounts', 'iam-only', 'na'] }, shared: strings }, 'kind'),
          guardrails: list(
            optional(
              {
                template: str,
                logicalId: str,
                name: str,
                type: str,
                enforcedBy: { enum: ['organization', 'account'] },
                mechanism: str,
                guardrail: str,
                zones: strings,
                targets: strings,
                size: int,
              },
              'template',
              'logicalId',
              'name',
              'type',
              'zones',
              'targets',
            ),
          ),
          zones: list(object({ zone: str, vpcs: strings })),
          vpcs: list(
            optional(
              {
                key: str,
                template: str,
                logicalId: str,
                name: str,
                zoneTag: str,
                cidrs: strings,
                subnets: int,
                availabilityZones: int,
                internetGateway: bool,
                egressOnlyInternetGateway: bool,
                natGateways: int,
                vpnGateway: bool,
                endpoints: int,
                flowLog: bool,
                networkFirewalls: strings,
                transitGateways: strings,
                peerings: strings,
              },
              'key',
              'template',
              'logicalId',
              'cidrs',
              'subnets',
              'availabilityZones',
              'internetGateway',
              'egressOnlyInternetGateway',
              'natGateways',
              'vpnGateway',
              'endpoints',
              'flowLog',
              'networkFirewalls',
              'transitGateways',
              'peerings',
            ),
          ),
          securityCloud: object({
            vpcs: strings,
            transitGateways: list(
              optional(
                {
                  key: str,
                  template: str,
                  logicalId: str,
                  reference: str,
                  name: str,
                  zoneTag: str,
                  defaultRouteTableAssociation: str,
                  defaultRouteTablePropagation: str,
                  vpcAttachments: list(object({ logicalId: str, template: str, vpc: str })),
                },
                'key',
                'vpcAttachments',
              ),
            ),
            firewalls: list(
              optional(
                {
                  template: str,
                  logicalId: str,
                  name: str,
                  vpc: str,
                  policy: str,
                  ruleOrder: str,
                  statefulDefaultActions: strings,
                  statelessDefaultActions: strings,
                  logTypes: strings,
                  deleteProtection: bool,
                  subnetChangeProtection: bool,
                  firewallPolicyChangeProtection: bool,
                  homeNet: strings,
                },
                'template',
                'logicalId',
                'statefulDefaultActions',
                'statelessDefaultActions',
                'logTypes',
                'deleteProtection',
                'subnetChangeProtection',
                'firewallPolicyChangeProtection',
                'homeNet',
              ),
            ),
            members: list(
              optional({ via: { enum: ['attachment', 'home-net'] }, cidr: str, vpc: str, zoneTag: str, through: str }, 'via', 'through'),
            ),
          }),
          closedNetworkLinks: list(
            optional({ template: str, logicalId: str, type: str, from: str, to: str }, 'template', 'logicalId', 'type', 'to'),
          ),
          dataStores: list(
            optional(
              {
                template: str,
                logicalId: str,
                type: str,
                name: str,
                zone: str,
                confidentiality: str,
                integrity: str,
                availability: str,
                classificationProblems: strings,
                purpose: str,
                controls: object(
                  Object.fromEntries(
                    [
                      'encryption',
                      'customerManagedKey',
                      'versioning',
                      'replication',
                      'objectLock',
                      'publicAccessBlock',
                      'logging',
                      'backup',
                      'retain',
                    ].map((name) => [name, control]),
                  ),
                ),
              },
              'template',
              'logicalId',
              'type',
              'classificationProblems',
              'controls',
            ),
          ),
          resources: list(resource),
          continuousCompliance: object({
            conformancePacks: list(
              optional(
                {
                  template: str,
                  logicalId: str,
                  name: str,
                  scope: { enum: ['organization', 'account'] },
                  account: str,
                  region: str,
                  rules: strings,
                  unread: str,
                },
                'template',
                'logicalId',
                'name',
                'scope',
                'account',
                'rules',
              ),
            ),
            configRules: list(
              optional(
                { name: str, identifier: str, owner: str, clauses: strings, reason: object({ ja: str, en: str }), packs: strings },
                'name',
                'identifier',
                'owner',
                'clauses',
                'packs',
              ),
            ),
          }),
          remoteSessions: list(
            optional(
              {
                template: str,
                logicalId: str,
                kind: { enum: ['appstream-stack', 'workspaces-web-portal'] },
                name: str,
                zone: str,
                account: str,
                openPaths: { type: 'array', items: { enum: ['copy-to-device', 'paste-from-device', 'download', 'upload', 'print'] } },
                reasons: { type: 'object', additionalProperties: str },
                access: strings,
              },
              'template',
              'logicalId',
              'kind',
              'name',
              'account',
              'openPaths',
              'reasons',
              'access',
            ),
          ),
          mailReceipts: list(
            optional(
              {
                template: str,
                logicalId: str,
                kind: { enum: ['ses-receipt-rule', 'mail-manager-ingress-point'] },
                recipients: strings,
                region: str,
                account: str,
                tls: { enum: ['required', 'optional', 'unknown'] },
                scanning: { enum: ['on', 'off', 'unknown'] },
                deliversTo: strings,
              },
              'template',
              'logicalId',
              'kind',
              'recipients',
              'account',
              'tls',
              'scanning',
              'deliversTo',
            ),
          ),
        }),
        'continuousCompliance',
        'remoteSessions',
        'mailReceipts',
      ),
      rules: list(
        laterAdditions(
          object({
            id: str,
            qualifiedId: str,
            level: { enum: ['error', 'warning'] },
            clauses: strings,
            area: str,
            cause: str,
            explanation: str,
            fix: str,
            controls: { type: 'array', items: { type: 'integer' } },
            ja: object({ cause: str, explanation: str, fix: str }),
          }),
          'ja',
        ),
      ),
      baseline: optional(
        {
          file: str,
          generatedAt: str,
          gitCommit: str,
          newFindings: list(change),
          resolvedFindings: list(change),
          newAcknowledgments: list(change),
          withdrawnAcknowledgments: list(change),
          addedResources: list(resource),
          removedResources: list(resource),
        },
        'file',
        'newFindings',
        'resolvedFindings',
        'newAcknowledgments',
        'withdrawnAcknowledgments',
        'addedResources',
        'removedResources',
      ),
      notes: list(
        object({
          code: { enum: ['unknown-clause', 'unknown-rule', 'template-without-results', 'results-without-template'] },
          subject: str,
        }),
      ),
      notEvaluated: list(optional({ template: str, file: str, message: str }, 'template', 'message')),
      integrity: optional(
        {
          algorithm: { const: 'sha256' },
          templates: list(optional({ name: str, file: str, sha256: sha, of: { enum: ['file', 'json'] } }, 'name', 'sha256', 'of')),
          workingTree: { enum: ['clean', 'dirty', 'unknown'] },
          changedFiles: int,
          ruleTable: sha,
          reportDigest: sha,
        },
        'algorithm',
        'templates',
        'workingTree',
        'ruleTable',
        'reportDigest',
      ),
    },
    'schemaVersion',
    'kind',
    'lang',
    'classification',
    'policy',
    'generatedAt',
    'tool',
    'environment',
    'summary',
    'clauses',
    'results',
    'inventory',
    'rules',
    'notes',
  ),
};
