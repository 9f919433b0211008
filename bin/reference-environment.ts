import { App, Stack, StackProps } from 'aws-cdk-lib';
import { InternetZone, ISecurityCloudLink, LgwanConnection, LgwanZone, MyNumberZone } from '../lib';

/** Addresses of one municipality's three zones. */
export interface MunicipalityNetworkConfig {
  /** Stack name prefix, e.g. `Shiojiri`. */
  readonly name: string;
  readonly myNumberCidr: string;
  readonly lgwanCidr: string;
  readonly internetCidr: string;
  /** LGWAN prefixes routed over the closed-network VPN; no link when empty. */
  readonly lgwanPrefixes: string[];
  /** Public address of the LGWAN-side router, when there is a link. */
  readonly lgwanCustomerGatewayIp?: string;
}

export interface MunicipalityStacks {
  readonly myNumber: MyNumberZone;
  readonly lgwan: LgwanZone;
  readonly internet: InternetZone;
  readonly stacks: Stack[];
}

/** One municipality's three zones, one stack per zone (they are often separate accounts too). */
export function buildMunicipality(
  app: App, config: MunicipalityNetworkConfig, securityCloud: ISecurityCloudLink, stackProps: StackProps,
): MunicipalityStacks {
  const myNumberStack = new Stack(app, `${config.name}MyNumberZone`, {
    ...stackProps, description: `${config.name}: My Number zone (マイナンバー利用事務系, policy 7.3.a)`,
  });
  const myNumber = new MyNumberZone(myNumberStack, 'Zone', { cidr: config.myNumberCidr });

  const lgwanStack = new Stack(app, `${config.name}LgwanZone`, {
    ...stackProps, description: `${config.name}: LGWAN zone (LGWAN接続系, policy 7.3.b)`,
  });
  const lgwan = new LgwanZone(lgwanStack, 'Zone', {
    cidr: config.lgwanCidr,
    ...(config.lgwanPrefixes.length > 0 && config.lgwanCustomerGatewayIp
      ? {
        connection: LgwanConnection.siteToSiteVpn({ customerGatewayIp: config.lgwanCustomerGatewayIp }),
        lgwanPrefixes: config.lgwanPrefixes,
      }
      : {}),
  });

  const internetStack = new Stack(app, `${config.name}InternetZone`, {
    ...stackProps, description: `${config.name}: internet zone (インターネット接続系, policy 7.3.c)`,
  });
  const internet = new InternetZone(internetStack, 'Zone', { cidr: config.internetCidr, securityCloud });

  return { myNumber, lgwan, internet, stacks: [myNumberStack, lgwanStack, internetStack] };
}

/** A string from cdk.json context (or `-c key=value`), or the default. */
export function contextString(app: App, key: string, fallback: string): string {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || value === '') {
    throw new Error(`Context '${key}' must be a non-empty string, got ${JSON.stringify(value)}; set it in cdk.json or with -c ${key}=...`);
  }
  return value;
}

/** A list of strings from context: a JSON array in cdk.json, or a comma-separated `-c` value. */
export function contextList(app: App, key: string, fallback: string[]): string[] {
  const value: unknown = app.node.tryGetContext(key);
  if (value === undefined) return fallback;
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter(Boolean);
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return value;
  throw new Error(`Context '${key}' must be a list of strings, got ${JSON.stringify(value)}; set it in cdk.json as ["10.0.0.0/8"] or with -c ${key}=a,b`);
}

/**
 * The reference environment: Shiojiri City's three zones in Tokyo (ap-northeast-1). CIDRs and the
 * LGWAN link come from cdk.json context (`lgsec:*` keys) and can be overridden with `-c key=value`.
 */
export function buildReferenceEnvironment(app: App): { shiojiri: MunicipalityStacks } {
  const region = contextString(app, 'lgsec:region', 'ap-northeast-1');
  const shiojiri = buildMunicipality(app, {
    name: 'Shiojiri',
    myNumberCidr: contextString(app, 'lgsec:shiojiri:myNumberCidr', '10.110.0.0/16'),
    lgwanCidr: contextString(app, 'lgsec:shiojiri:lgwanCidr', '10.120.0.0/16'),
    internetCidr: contextString(app, 'lgsec:shiojiri:internetCidr', '10.130.0.0/16'),
    lgwanPrefixes: contextList(app, 'lgsec:shiojiri:lgwanPrefixes', ['172.16.0.0/12']),
    lgwanCustomerGatewayIp: contextString(app, 'lgsec:shiojiri:lgwanCustomerGatewayIp', '203.0.113.10'),
  }, { transitGatewayId: contextString(app, 'lgsec:securityCloud:transitGatewayId', 'tgw-0123456789abcdef0') }, { env: { region } });
  return { shiojiri };
}
