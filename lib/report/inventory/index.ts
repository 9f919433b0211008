/**
 * The inventory of the report: accounts, zones and their VPCs, the security cloud and its members,
 * closed-network links, every data store with the controls applied, and every resource with its
 * zone and account. It reads the same {@link TemplateModel} as the rules, so the report and its
 * findings agree on what each resource is, where it is and how it is classified.
 */
import { ZONES, parseZone, Zone } from '../../policy/zone';
import type { TemplateModel } from '../../template/template-model';
import { resourceZone } from '../../template/zones';
import { compareText, Inventory, ResourceEntry, ZoneEntry } from '../model';
import { accountOf, readAccounts } from './accounts';
import { readContinuousCompliance } from './continuous-compliance';
import { readDataStores } from './data-stores';
import { readMailReceipts } from './mail-receipts';
import { readRemoteSessions } from './remote-desktops';
import { entryKey, readNetwork } from './network';

export { ACCOUNT_AGNOSTIC } from './accounts';

/** The zone group of VPCs whose `lgsec:zone` tag is missing or not a zone. */
export const UNZONED = 'unzoned';

const byKey = <T extends { template: string; logicalId: string }>(a: T, b: T): number =>
  compareText(entryKey(a.template, a.logicalId), entryKey(b.template, b.logicalId));

/** Builds the inventory of the model's templates. */
export function buildInventory(model: TemplateModel): Inventory {
  const templates = [...model.templates].sort((a, b) => compareText(a.name, b.name));
  const network = readNetwork(templates);
  const zones: ZoneEntry[] = [...ZONES, UNZONED]
    .map((zone) => ({
      zone,
      vpcs: network.vpcs.filter((vpc) => (parseZone(vpc.zoneTag) ?? UNZONED) === zone).map((vpc) => vpc.key),
    }))
    .filter((entry) => entry.zone !== UNZONED || entry.vpcs.length > 0);
  const resources: ResourceEntry[] = templates.flatMap((index) =>
    [...index.resources.values()].map((resource) => {
      const zone = resourceZone(resource, index);
      return {
        template: index.name,
        logicalId: resource.logicalId,
        type: resource.type,
        ...(zone.known ? { zone: zone.zone } : {}),
        account: accountOf(index),
      };
    }),
  );
  const { accounts, separation, guardrails } = readAccounts(templates, network.vpcs);
  return {
    accounts,
    separation,
    guardrails,
    zones,
    vpcs: network.vpcs,
    securityCloud: {
      vpcs: network.vpcs.filter((vpc) => parseZone(vpc.zoneTag) === Zone.SECURITY_CLOUD).map((vpc) => vpc.key),
      transitGateways: network.transitGateways,
      firewalls: network.firewalls,
      members: network.members,
    },
    closedNetworkLinks: network.closedNetworkLinks,
    dataStores: templates.flatMap(readDataStores).sort(byKey),
    resources: resources.sort(byKey),
    continuousCompliance: readContinuousCompliance(templates),
    remoteSessions: readRemoteSessions(templates),
    mailReceipts: readMailReceipts(templates),
  };
}
