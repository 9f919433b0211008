import { TAG_KEYS } from './tags';

/** The zones of the three-layer separation (三層の対策), policy 7.3, as `lgsec:zone` values. */
export enum Zone {
  /** マイナンバー利用事務系: closed, no path out and none in (7.3.a). */
  MY_NUMBER = 'mynumber',
  /** LGWAN接続系: closed network only; internet data arrives sanitized (7.3.b). */
  LGWAN = 'lgwan',
  /** インターネット接続系: reaches the internet only through the security cloud (7.3.c). */
  INTERNET = 'internet',
  /** 自治体情報セキュリティクラウド: the shared, inspected internet gateway (7.3.c). */
  SECURITY_CLOUD = 'security-cloud',
}

export const ZONES: readonly Zone[] = Object.values(Zone);

/** Display names of each zone, for messages and the report. */
export const ZONE_NAMES: Readonly<Record<Zone, { readonly ja: string; readonly en: string; readonly clause: string }>> = {
  [Zone.MY_NUMBER]: { ja: 'マイナンバー利用事務系', en: 'My Number zone', clause: '7.3.a' },
  [Zone.LGWAN]: { ja: 'LGWAN接続系', en: 'LGWAN zone', clause: '7.3.b' },
  [Zone.INTERNET]: { ja: 'インターネット接続系', en: 'Internet zone', clause: '7.3.c' },
  [Zone.SECURITY_CLOUD]: { ja: '自治体情報セキュリティクラウド', en: 'Security cloud', clause: '7.3.c' },
};

/** The zone a tag value names, or undefined when the value is not a zone. */
export function parseZone(value: unknown): Zone | undefined {
  return typeof value === 'string' && (ZONES as readonly string[]).includes(value) ? (value as Zone) : undefined;
}

/** The `lgsec:zone` tag of a zone. */
export function zoneTag(zone: Zone): { key: string; value: string } {
  return { key: TAG_KEYS.zone, value: zone };
}
