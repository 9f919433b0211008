/**
 * The people side of the separation: remote desktops (AppStream 2.0 stacks) and remote browsers
 * (WorkSpaces Secure Browser portals) of the templates, each with its zone, which of its paths
 * between the session and the user's device are open, the reasons recorded for them, and how
 * users reach it.
 */
import { TERMINAL_INBOUND_EXCEPTIONS_METADATA, TRANSFER_REASONS_METADATA } from '../../policy/remote-browser';
import { isRecord, TemplateIndex, TemplateResource } from '../../template/template-index';
import { zoneOfTerminal } from '../../template/zones';
import { compareText, RemoteSessionEntry, SessionPath } from '../model';
import { accountOf } from './accounts';

/** AppStream 2.0 user-setting actions by the path they open; an action not listed is enabled (AppStream's default). */
const APPSTREAM_PATHS: Readonly<Record<SessionPath, string>> = {
  'copy-to-device': 'CLIPBOARD_COPY_TO_LOCAL_DEVICE',
  'paste-from-device': 'CLIPBOARD_COPY_FROM_LOCAL_DEVICE',
  download: 'FILE_DOWNLOAD',
  upload: 'FILE_UPLOAD',
  print: 'PRINTING_TO_LOCAL_DEVICE',
};

/** WorkSpaces Secure Browser user-settings properties by path; absent means enabled. */
const PORTAL_PATHS: Readonly<Record<SessionPath, string>> = {
  'copy-to-device': 'CopyAllowed',
  'paste-from-device': 'PasteAllowed',
  download: 'DownloadAllowed',
  upload: 'UploadAllowed',
  print: 'PrintAllowed',
};

const PATHS = Object.keys(APPSTREAM_PATHS) as SessionPath[];

function reasonsOf(resource: TemplateResource | undefined, key: string): Record<string, string> {
  const recorded = resource?.metadata?.[key];
  if (!isRecord(recorded)) return {};
  return Object.fromEntries(Object.entries(recorded).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

function appStreamStack(resource: TemplateResource, index: TemplateIndex): RemoteSessionEntry {
  const settings = Array.isArray(resource.properties.UserSettings) ? resource.properties.UserSettings.filter(isRecord) : [];
  const open = PATHS.filter((path) => {
    const setting = settings.find((s) => s.Action === APPSTREAM_PATHS[path]);
    return setting?.Permission !== 'DISABLED';
  });
  const endpoints = (Array.isArray(resource.properties.AccessEndpoints) ? resource.properties.AccessEndpoints : [])
    .filter(isRecord)
    .map((endpoint) => {
      const id = index.literalString(endpoint.VpceId);
      const target = id === undefined ? index.resourceOf(endpoint.VpceId, 'AWS::EC2::VPCEndpoint') : undefined;
      return `streaming endpoint ${id ?? target?.resource.logicalId ?? 'given by a value outside the template'}`;
    });
  const zone = zoneOfTerminal(resource, index);
  return {
    template: index.name,
    logicalId: resource.logicalId,
    kind: 'appstream-stack',
    name: index.literalString(resource.properties.Name) ?? resource.logicalId,
    ...(zone.known ? { zone: zone.zone } : {}),
    account: accountOf(index),
    openPaths: open,
    reasons: reasonsOf(resource, TERMINAL_INBOUND_EXCEPTIONS_METADATA),
    access: endpoints.length > 0 ? endpoints : ['public streaming URL (no access endpoint)'],
  };
}

function portal(resource: TemplateResource, index: TemplateIndex): RemoteSessionEntry {
  const settings = index.resourceOf(resource.properties.UserSettingsArn, 'AWS::WorkSpacesWeb::UserSettings');
  const open = settings
    ? PATHS.filter((path) => settings.index.literalString(settings.resource.properties[PORTAL_PATHS[path]]) !== 'Disabled')
    : PATHS;
  const ipSettings = index.resourceOf(resource.properties.IpAccessSettingsArn, 'AWS::WorkSpacesWeb::IpAccessSettings');
  const rules =
    ipSettings && Array.isArray(ipSettings.resource.properties.IpRules) ? ipSettings.resource.properties.IpRules.filter(isRecord) : [];
  const cidrs = rules.map((rule) => ipSettings!.index.literalString(rule.IpRange) ?? 'a value outside the template');
  const zone = index.zoneOfValue(resource.properties.NetworkSettingsArn);
  return {
    template: index.name,
    logicalId: resource.logicalId,
    kind: 'workspaces-web-portal',
    name: index.literalString(resource.properties.DisplayName) ?? resource.logicalId,
    ...(zone.known ? { zone: zone.zone } : {}),
    account: accountOf(index),
    openPaths: open,
    reasons: reasonsOf(settings?.resource, TRANSFER_REASONS_METADATA),
    access:
      resource.properties.IpAccessSettingsArn === undefined
        ? ['any address (no IP access settings)']
        : cidrs.length > 0
          ? cidrs.map((cidr) => `source ${cidr}`)
          : ['IP access settings outside the template'],
  };
}

/** Every AppStream stack and Secure Browser portal of the templates. */
export function readRemoteSessions(templates: readonly TemplateIndex[]): RemoteSessionEntry[] {
  const out: RemoteSessionEntry[] = [];
  for (const index of templates) {
    for (const resource of index.resources.values()) {
      if (resource.type === 'AWS::AppStream::Stack') out.push(appStreamStack(resource, index));
      else if (resource.type === 'AWS::WorkSpacesWeb::Portal') out.push(portal(resource, index));
    }
  }
  return out.sort((a, b) => compareText(`${a.template}/${a.logicalId}`, `${b.template}/${b.logicalId}`));
}
