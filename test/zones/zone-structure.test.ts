import { App, NestedStack, Stack } from 'aws-cdk-lib';
import { InternetZone } from '../../lib/zones/internet-zone';
import { LgwanZone } from '../../lib/zones/lgwan-zone';
import { MyNumberZone } from '../../lib/zones/mynumber-zone';
import { ZoneNetwork } from '../../lib/zones/zone-network';

const TOKYO = { account: '111111111111', region: 'ap-northeast-1' };
const TGW = 'tgw-0123456789abcdef0';

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
  const internet: ZoneBuilder = (app) => new InternetZone(new Stack(app, 'C'), 'Internet', {
    cidr: '10.0.128.0/17', securityCloud: { transitGatewayId: TGW },
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
