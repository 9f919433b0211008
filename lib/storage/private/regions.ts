/** The Japanese regions where data and its replicas may live (policy 7.8.b). */
export const JAPANESE_REGIONS = ['ap-northeast-1', 'ap-northeast-3'] as const;
export type JapaneseRegion = (typeof JAPANESE_REGIONS)[number];

export function isJapaneseRegion(region: string): region is JapaneseRegion {
  return (JAPANESE_REGIONS as readonly string[]).includes(region);
}

/** Tokyo for Osaka and Osaka for Tokyo: the disaster-recovery pair of policy 6.3. */
export function otherJapaneseRegion(region: JapaneseRegion): JapaneseRegion {
  return region === 'ap-northeast-1' ? 'ap-northeast-3' : 'ap-northeast-1';
}
