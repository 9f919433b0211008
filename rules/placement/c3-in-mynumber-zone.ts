import { zoneTextJa } from '../../lib/template/network';
import { Zone } from '../../lib/policy';
import { classificationOf, isClusterMember } from '../../lib/template/data-store';
import { zoneText } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, outcomeOf, Problem } from '../outcome';
import { resourceRule } from '../rule';
import { Located, ZoneResolution } from '../../lib/template/template-index';

/** Control 7: a confidentiality 3 store attached to a VPC is in a `mynumber` VPC. */
export const c3InMyNumberZone = resourceRule(
  ['AWS::RDS::DBInstance', 'AWS::RDS::DBCluster', 'AWS::EFS::FileSystem', 'AWS::EC2::Volume'],
  (store, index) => {
    const { classification } = classificationOf(store, index);
    if (!classification || classification.confidentiality < 3 || isClusterMember(store)) return notApplicable();
    const attachments: { what: string; whatJa: string; zone: ZoneResolution }[] = [];
    if (store.type === 'AWS::RDS::DBInstance' || store.type === 'AWS::RDS::DBCluster') {
      if (store.properties.DBSubnetGroupName === undefined) {
        return nonCompliant(
          localized(
            'DBSubnetGroupName is not set, so the database is placed in the default VPC, outside the My Number zone',
            'DBSubnetGroupName が設定されていないため、データベースはマイナンバー利用事務系の外の既定の VPC に置かれる',
          ),
        );
      }
      attachments.push({ what: 'its DB subnet group', whatJa: 'DB サブネットグループ', zone: index.zoneOf(store) });
    } else {
      // EFS through mount targets; EBS through VolumeAttachment resources or an instance's Volumes list.
      const linkTypes =
        store.type === 'AWS::EFS::FileSystem' ? ['AWS::EFS::MountTarget'] : ['AWS::EC2::VolumeAttachment', 'AWS::EC2::Instance'];
      for (const link of index.referrersOf(store, ...linkTypes) as Located[]) {
        const what = {
          'AWS::EFS::MountTarget': 'mount target',
          'AWS::EC2::VolumeAttachment': 'attachment',
          'AWS::EC2::Instance': 'instance',
        }[link.resource.type];
        const whatJa = {
          'AWS::EFS::MountTarget': 'マウントターゲット',
          'AWS::EC2::VolumeAttachment': 'アタッチメント',
          'AWS::EC2::Instance': 'インスタンス',
        }[link.resource.type];
        attachments.push({
          what: `${what} ${link.resource.logicalId}`,
          whatJa: `${whatJa} ${link.resource.logicalId}`,
          zone: link.index.zoneOf(link.resource),
        });
      }
      if (attachments.length === 0) return compliant();
    }
    const problems: Problem[] = [];
    const unresolved: Problem[] = [];
    for (const { what, whatJa, zone } of attachments) {
      if (zone.known && zone.zone === Zone.MY_NUMBER) continue;
      if (!zone.known && zone.unresolved)
        unresolved.push(localized(`${what} is in an ${zoneText(zone)}`, `${whatJa}が${zoneTextJa(zone)}にある`));
      else
        problems.push(
          localized(
            `${what} is in ${zoneText(zone)}, not the My Number zone`,
            `${whatJa}がマイナンバー利用事務系ではなく${zoneTextJa(zone)}にある`,
          ),
        );
    }
    return outcomeOf(problems, unresolved);
  },
);
