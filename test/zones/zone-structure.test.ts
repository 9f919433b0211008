import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AuditedBucket, AuditedReplicaBucket } from '../../lib/storage/audited-bucket';
import { InternetZone } from '../../lib/zones/internet-zone';
import { LgwanZone } from '../../lib/zones/lgwan-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { ZoneNetwork } from '../../lib/zones/zone-network';
import { refOf } from './helpers';

const TOKYO = { account: '111111111111', region: 'ap-northeast-1' };
const OSAKA = { account: '111111111111', region: 'ap-northeast-3' };
const TGW = 'tgw-0123456789abcdef0';
const c2 = { confidentiality: 2, integrity: 2, availability: 1 } as const;
const DENY_OTHER_ENCRYPTION = ['DenyOtherEncryption', 'DenyOtherKey', 'DenyCustomerProvidedKeys'];
/** The LGWAN zone's data perimeter, which a confidentiality-2 bucket placed in the zone gets. */
const LGWAN_PERIMETER = ['DenyOutsideLgwanZone', 'DenyDataOutsideLgwanZone', 'DenyListingOutsideLgwanZone'];

/** Logical id of the bucket of an `AuditedBucket` or `AuditedReplicaBucket`. */
function logicalIdOf(built: { bucket: s3.Bucket }): string {
  return Stack.of(built.bucket).getLogicalId(built.bucket.node.defaultChild as s3.CfnBucket);
}

/** Sids of the policy of the bucket with this logical id. */
function bucketPolicySids(template: Template, bucketId: string): Array<string | undefined> {
  const policy = Object.values(template.findResources('AWS::S3::BucketPolicy')).find((p) => refOf(p.Properties.Bucket) === bucketId)!;
  return policy.Properties.PolicyDocument.Statement.map((s: { Sid?: string }) => s.Sid);
}

/** Value of the bucket's `lgsec:zone` tag, if any. */
function zoneTag(template: Template, bucketId: string): string | undefined {
  const tags = template.toJSON().Resources[bucketId].Properties.Tags as Array<{ Key: string; Value: string }>;
  return tags.find((t) => t.Key === 'lgsec:zone')?.Value;
}

/** The S3 gateway endpoint's allowlist (the ARNs and their objects). */
function s3Allowlist(template: Template): unknown[] {
  const endpoints = Object.values(
    template.findResources('AWS::EC2::VPCEndpoint', {
      Properties: { ServiceName: { 'Fn::Join': ['', Match.arrayWith(['.s3'])] } },
    }),
  );
  expect(endpoints).toHaveLength(1);
  return endpoints[0].Properties.PolicyDocument.Statement[0].Resource ?? [];
}

describe('a bucket finds its zone in the construct tree, whichever is built first', () => {
  /**
   * The LGWAN zone's stack with a business-records bucket (a statement added to its policy right
   * after it is built) and its replica in Osaka, built in the order given.
   */
  function lgwanApp(order: 'zone first' | 'bucket first'): {
    lgwan: Template;
    osaka: Template;
    bucket: AuditedBucket;
    replica: AuditedReplicaBucket;
    zone: LgwanZone;
  } {
    const app = new App();
    const stack = new Stack(app, 'Lgwan', { env: TOKYO });
    const osakaStack = new Stack(app, 'Osaka', { env: OSAKA });
    const buildZone = () => new LgwanZone(stack, 'Zone', { cidr: '10.120.0.0/16' });
    const buildBucket = () => {
      const built = new AuditedBucket(stack, 'Business', { classification: { ...c2, availability: 2 } });
      built.addToResourcePolicy(
        new iam.PolicyStatement({
          sid: 'ReadersOfThisAccount',
          principals: [new iam.AccountRootPrincipal()],
          actions: ['s3:GetObject'],
          resources: [built.bucket.arnForObjects('*')],
        }),
      );
      return { bucket: built, replica: new AuditedReplicaBucket(osakaStack, 'BusinessReplica', { source: built }) };
    };
    let zone: LgwanZone;
    let bucket: { bucket: AuditedBucket; replica: AuditedReplicaBucket };
    if (order === 'zone first') {
      zone = buildZone();
      bucket = buildBucket();
    } else {
      bucket = buildBucket();
      zone = buildZone();
    }
    return { lgwan: Template.fromStack(stack), osaka: Template.fromStack(osakaStack), ...bucket, zone };
  }

  const zoneFirst = lgwanApp('zone first');
  const bucketFirst = lgwanApp('bucket first');
  const bucketId = logicalIdOf(zoneFirst.bucket);

  test('gives identical templates', () => {
    expect(bucketFirst.lgwan.toJSON()).toEqual(zoneFirst.lgwan.toJSON());
    expect(bucketFirst.osaka.toJSON()).toEqual(zoneFirst.osaka.toJSON());
  });

  test.each([
    ['zone first', zoneFirst],
    ['bucket first', bucketFirst],
  ])('%s: the bucket is listed, tagged, behind the zone perimeter and refuses other encryption in its place', (_, built) => {
    expect(built.bucket.zone).toBe(built.zone);
    expect(built.zone.allowedBucketArns).toEqual([built.bucket.bucketArn]);
    const arn = { 'Fn::GetAtt': [bucketId, 'Arn'] };
    expect(s3Allowlist(built.lgwan)).toEqual([arn, { 'Fn::Join': ['', [arn, '/*']] }]);
    expect(zoneTag(built.lgwan, bucketId)).toBe('lgwan');
    // The deny statements keep their place: before the statement added after the bucket was built.
    expect(bucketPolicySids(built.lgwan, bucketId)).toEqual([
      undefined,
      undefined,
      ...LGWAN_PERIMETER,
      ...DENY_OTHER_ENCRYPTION,
      'ReadersOfThisAccount',
    ]);
    expect(bucketPolicySids(built.osaka, logicalIdOf(built.replica))).toEqual([undefined, undefined, ...DENY_OTHER_ENCRYPTION]);
  });
});

describe('the default zone', () => {
  test('is none in a stack without a zone: no tag, no deny statements', () => {
    const stack = new Stack(new App(), 'Data', { env: TOKYO });
    const bucket = new AuditedBucket(stack, 'Plain', { classification: c2 });
    const template = Template.fromStack(stack);
    const bucketId = logicalIdOf(bucket);
    expect(bucket.zone).toBeUndefined();
    expect(zoneTag(template, bucketId)).toBeUndefined();
    expect(bucketPolicySids(template, bucketId)).toEqual([undefined, undefined]);
  });

  test('is none when the stack has several zones and the bucket is in none; the zone prop then chooses', () => {
    const stack = new Stack(new App(), 'Lab', { env: TOKYO });
    const unplaced = new AuditedBucket(stack, 'Unplaced', { classification: c2 });
    const myNumber = new MyNumberZone(stack, 'MyNumber', { cidr: '10.110.0.0/16' });
    const lgwan = new LgwanZone(stack, 'Lgwan', { cidr: '10.120.0.0/16' });
    const placed = new AuditedBucket(stack, 'Placed', { classification: c2, zone: lgwan });
    const template = Template.fromStack(stack);

    expect(unplaced.zone).toBeUndefined();
    expect(zoneTag(template, logicalIdOf(unplaced))).toBeUndefined();
    expect(bucketPolicySids(template, logicalIdOf(unplaced))).toEqual([undefined, undefined]);
    expect(myNumber.allowedBucketArns).toEqual([]);

    expect(placed.zone).toBe(lgwan);
    expect(zoneTag(template, logicalIdOf(placed))).toBe('lgwan');
    expect(lgwan.allowedBucketArns).toEqual([placed.bucketArn]);
  });

  test('is the zone the bucket is built in, even with another zone in the stack', () => {
    const stack = new Stack(new App(), 'Lab', { env: TOKYO });
    const myNumber = new MyNumberZone(stack, 'MyNumber', { cidr: '10.110.0.0/16' });
    const lgwan = new LgwanZone(stack, 'Lgwan', { cidr: '10.120.0.0/16' });
    const inside = new AuditedBucket(lgwan, 'Business', { classification: c2 });
    expect(inside.zone).toBe(lgwan);
    expect(ZoneNetwork.of(inside.bucket)).toBe(lgwan);
    expect(lgwan.allowedBucketArns).toEqual([inside.bucketArn]);
    expect(myNumber.allowedBucketArns).toEqual([]);
  });

  test('is never the zone of another stack, nested ones included', () => {
    const app = new App();
    const parent = new Stack(app, 'Parent', { env: TOKYO });
    const nested = new NestedStack(parent, 'Nested');
    new LgwanZone(nested, 'Zone', { cidr: '10.120.0.0/16' });
    new InternetZone(new Stack(app, 'Internet', { env: TOKYO }), 'Zone', {
      cidr: '10.130.0.0/16',
      securityCloud: { transitGatewayId: TGW },
    });
    const bucket = new AuditedBucket(parent, 'Business', { classification: c2 });
    expect(bucket.zone).toBeUndefined();
    expect(ZoneNetwork.inStackOf(parent)).toBeUndefined();
    expect(ZoneNetwork.inStackOf(nested)).toBeDefined();
  });

  test('yields to an explicit zone, also one of another stack', () => {
    const app = new App();
    const myNumberStack = new Stack(app, 'MyNumber', { env: TOKYO });
    const myNumber = new MyNumberZone(myNumberStack, 'Zone', { cidr: '10.110.0.0/16' });
    const lgwanStack = new Stack(app, 'Lgwan', { env: TOKYO });
    const lgwan = new LgwanZone(lgwanStack, 'Zone', { cidr: '10.120.0.0/16' });
    const bucket = new AuditedBucket(lgwanStack, 'Records', {
      classification: c2,
      zone: myNumber,
      bucketName: 'shiojiri-records',
    });
    expect(bucket.zone).toBe(myNumber);
    expect(lgwan.allowedBucketArns).toEqual([]);
    expect(myNumber.allowedBucketArns).toEqual([expect.stringContaining(':s3:::shiojiri-records')]);
    const template = Template.fromStack(lgwanStack);
    expect(zoneTag(template, logicalIdOf(bucket))).toBe('mynumber');
  });

  test('lists explicitly allowed buckets before the buckets the tree places in the zone', () => {
    const stack = new Stack(new App(), 'Lgwan', { env: TOKYO });
    const first = new AuditedBucket(stack, 'First', { classification: c2 });
    const zone = new LgwanZone(stack, 'Zone', { cidr: '10.120.0.0/16' });
    zone.allowBucket('arn:aws:s3:::shared-bucket');
    const second = new AuditedBucket(stack, 'Second', { classification: c2 });
    expect(zone.allowedBucketArns).toEqual(['arn:aws:s3:::shared-bucket', first.bucketArn, second.bucketArn]);
  });
});

describe('ZoneNetwork.isZoneNetwork', () => {
  test('recognizes zones only', () => {
    const stack = new Stack(new App(), 'S', { env: TOKYO });
    const zone = new LgwanZone(stack, 'Zone');
    expect(ZoneNetwork.isZoneNetwork(zone)).toBe(true);
    expect(ZoneNetwork.isZoneNetwork(zone.vpc)).toBe(false);
    expect(ZoneNetwork.isZoneNetwork(stack)).toBe(false);
    expect(ZoneNetwork.isZoneNetwork(undefined)).toBe(false);
  });
});

describe('the CIDR overlap check over every zone of the app', () => {
  type ZoneBuilder = (app: App) => void;
  const myNumber: ZoneBuilder = (app) => new MyNumberZone(new Stack(app, 'A'), 'MyNumber', { cidr: '10.0.0.0/16' });
  const lgwan: ZoneBuilder = (app) => new LgwanZone(new Stack(app, 'B'), 'Lgwan', { cidr: '10.1.0.0/16' });
  const internet: ZoneBuilder = (app) =>
    new InternetZone(new Stack(app, 'C'), 'Internet', {
      cidr: '10.0.128.0/17',
      securityCloud: { transitGatewayId: TGW },
    });

  test.each([
    ['my number, lgwan, internet', [myNumber, lgwan, internet]],
    ['internet, lgwan, my number', [internet, lgwan, myNumber]],
    ['lgwan, internet, my number', [lgwan, internet, myNumber]],
  ])('finds the overlapping pair whatever the order (%s), once', (_, builders) => {
    const app = new App();
    builders.forEach((build) => build(app));
    let message = '';
    try {
      app.synth();
    } catch (e) {
      message = (e as Error).message;
    }
    const pair = /'(A\/MyNumber|C\/Internet)' \(10\.0\.[0-9.]+\/1[67]\) overlaps [^']+ '(A\/MyNumber|C\/Internet)'/;
    expect(message).toMatch(pair);
    expect(message.match(/ overlaps /g)).toHaveLength(1);
    expect(message).not.toContain('B/Lgwan');
  });

  test('finds zones of one stack, nested stacks included', () => {
    const app = new App();
    const stack = new Stack(app, 'Lab');
    new MyNumberZone(stack, 'MyNumber', { cidr: '10.0.0.0/16' });
    new LgwanZone(new NestedStack(stack, 'Nested'), 'Lgwan', { cidr: '10.0.0.0/22', subnetCidrMask: 24 });
    expect(() => app.synth()).toThrow(
      /My Number zone 'Lab\/MyNumber' \(10.0.0.0\/16\) overlaps LGWAN zone 'Lab\/Nested\/Lgwan' \(10.0.0.0\/22\)/,
    );
  });
});
