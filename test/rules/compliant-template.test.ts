import { checkPlain, ref, template } from './harness';
import { compliantResources, doc, tlsDeny } from './compliant-resources';

describe('a compliant three-layer template written by hand', () => {
  test('has no finding at all', () => {
    const checked = checkPlain(template(compliantResources()));
    expect(checked.findings()).toEqual([]);
    expect(checked.run.results.filter((r) => r.status === 'compliant').length).toBeGreaterThan(150);
  });

  const mutations: [string, (r: Record<string, Record<string, unknown>>) => void, string, string][] = [
    [
      'an IGW attached to the My Number VPC',
      (r) => {
        r.Bad = { Type: 'AWS::EC2::VPCGatewayAttachment', Properties: { VpcId: ref('MyVpc'), InternetGatewayId: ref('Igw') } };
      },
      'LGSEC-MYNUMBER-NO-NETWORK-PATH',
      'Bad',
    ],
    [
      'the LGWAN VPC on the security cloud TGW',
      (r) => {
        r.LgAttach.Properties = { ...(r.LgAttach.Properties as object), TransitGatewayId: ref('CloudTgw') };
      },
      'LGSEC-LGWAN-SEPARATE-ROUTING',
      'LgAttach',
    ],
    [
      'a NAT gateway in the internet zone',
      (r) => {
        r.Bad = { Type: 'AWS::EC2::NatGateway', Properties: { SubnetId: ref('NetVpcSubnetA'), ConnectivityType: 'private' } };
      },
      'LGSEC-INTERNET-EGRESS-VIA-SECURITY-CLOUD',
      'NetVpc',
    ],
    [
      'a firewall without change protection',
      (r) => {
        (r.Firewall.Properties as Record<string, unknown>).FirewallPolicyChangeProtection = false;
      },
      'LGSEC-FIREWALL-PROTECTION',
      'Firewall',
    ],
    [
      'no DNS firewall on the internet VPC',
      (r) => {
        delete r.NetDns;
      },
      'LGSEC-DNS-FIREWALL',
      'NetVpc',
    ],
    [
      'an unclassified bucket',
      (r) => {
        (r.AccessLogs.Properties as Record<string, unknown>).Tags = [];
      },
      'LGSEC-DATA-CLASSIFICATION-TAG',
      'AccessLogs',
    ],
    [
      'a C3 bucket without the endpoint perimeter',
      (r) => {
        (r.MyBucketPolicy.Properties as Record<string, unknown>).PolicyDocument = doc([tlsDeny('MyBucket')]);
      },
      'LGSEC-C3-BUCKET-ENDPOINT-ONLY',
      'MyBucket',
    ],
    [
      'a My Number VPC without its walled-garden DNS Firewall',
      (r) => {
        delete r.MyVpcWalledGardenAssociation;
      },
      'LGSEC-CLOSED-ZONE-DNS-FIREWALL',
      'MyVpc',
    ],
    [
      'an S3 endpoint for every bucket of the account',
      (r) => {
        (r.MyS3Endpoint.Properties as Record<string, unknown>).PolicyDocument = doc([
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:*',
            Resource: '*',
            Condition: { StringEquals: { 'aws:ResourceAccount': '111111111111' } },
          },
        ]);
      },
      'LGSEC-CLOSED-ZONE-ENDPOINT-ALLOWLIST',
      'MyS3Endpoint',
    ],
    [
      'an A2 bucket outside the backup plan',
      (r) => {
        delete r.Selection;
      },
      'LGSEC-DATA-REGION-COPY',
      'MyBucket',
    ],
    [
      'a contractor role without a boundary',
      (r) => {
        delete (r.Contractor.Properties as Record<string, unknown>).PermissionsBoundary;
      },
      'LGSEC-CROSS-ACCOUNT-ROLE',
      'Contractor',
    ],
    [
      'an audit bucket without object lock',
      (r) => {
        delete (r.AuditBucket.Properties as Record<string, unknown>).ObjectLockConfiguration;
      },
      'LGSEC-AUDIT-BUCKET-WORM',
      'AuditBucket',
    ],
    [
      'a subnet in one AZ only',
      (r) => {
        (r.LgVpcSubnetC.Properties as Record<string, unknown>).AvailabilityZone = 'ap-northeast-1a';
      },
      'LGSEC-VPC-MULTI-AZ',
      'LgVpc',
    ],
    [
      'a replica in Virginia',
      (r) => {
        (r.Plan.Properties as { BackupPlan: { BackupPlanRule: { CopyActions: unknown[] }[] } }).BackupPlan.BackupPlanRule[0].CopyActions = [
          { DestinationBackupVaultArn: 'arn:aws:backup:us-east-1:111111111111:backup-vault:dr' },
        ];
      },
      'LGSEC-EXPLICIT-REGION-JAPAN',
      'Plan',
    ],
  ];

  test.each(mutations)('fails on %s', (_what, mutate, ruleId, logicalId) => {
    const resources = JSON.parse(JSON.stringify(compliantResources())) as Record<string, Record<string, unknown>>;
    mutate(resources);
    const checked = checkPlain(template(resources));
    expect(checked.status(ruleId, logicalId)).toBe('error');
  });
});
