import { App, Stack } from 'aws-cdk-lib';
import { buildPrefecture, MunicipalityNetworkConfig, PrefectureStacks } from '../bin/reference-environment';
import { AuditTrail } from '../lib';

/**
 * Addresses for member `i` of a synthetic prefecture: each zone a /20 of 10.0.0.0/8, three per
 * member, so 77 members use 10.0.0.0/12 and never overlap.
 */
export function syntheticMunicipality(i: number): MunicipalityNetworkConfig {
  const block = (zone: number) => {
    const k = 3 * i + zone;
    return `10.${k >> 4}.${(k & 15) << 4}.0/20`;
  };
  return {
    name: `Member${String(i + 1).padStart(2, '0')}`,
    myNumberCidr: block(0),
    lgwanCidr: block(1),
    internetCidr: block(2),
    lgwanPrefixes: ['172.16.0.0/12'],
    lgwanCustomerGatewayIp: `203.0.113.${(i % 250) + 1}`,
  };
}

/**
 * A prefecture with `members` municipalities, each with its three zones and sanitizing transfer
 * attached to one security cloud, plus the prefecture's log archive and audit trail: the shape
 * the benchmark measures at N = 1, 10 and 77 (Nagano has 77 municipalities).
 */
export function buildSyntheticPrefecture(app: App, members: number): PrefectureStacks {
  if (!Number.isInteger(members) || members < 1 || members > 200) {
    throw new Error(`members must be an integer from 1 to 200, got ${members}`);
  }
  const region = 'ap-northeast-1';
  const prefecture = buildPrefecture(app, {
    name: 'Bench',
    region,
    municipalities: Array.from({ length: members }, (_, i) => syntheticMunicipality(i)),
    allowedDomains: ['.lg.jp', '.go.jp'],
    managedDomainListIds: {
      malwareDomainList: 'rslvr-fdl-00000000000000a1',
      botnetCommandAndControl: 'rslvr-fdl-00000000000000a2',
      aggregateThreatList: 'rslvr-fdl-00000000000000a3',
      guardDutyThreatList: 'rslvr-fdl-00000000000000a4',
    },
  });
  const auditStack = new Stack(app, 'BenchAuditTrail', { env: { region } });
  new AuditTrail(auditStack, 'AuditTrail', { logArchive: prefecture.logArchive, notificationEmails: ['security@pref.example.jp'] });
  return prefecture;
}
