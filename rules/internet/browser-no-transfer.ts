import { zoneTextJa } from '../../lib/template/network';
import { MIN_TRANSFER_REASON_LENGTH, TRANSFER_REASONS_METADATA, Zone } from '../../lib/policy';
import { isRecord, TemplateResource } from '../../lib/template/template-index';
import { zoneText } from '../../lib/template/network';
import { compliant, localized, nonCompliant, notApplicable, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { zoneOfRemoteBrowser } from './remote-browser-zone';

/** WorkSpaces Secure Browser user settings that move data between the session and the terminal. */
const SECURE_BROWSER_TRANSFERS = ['CopyAllowed', 'PasteAllowed', 'DownloadAllowed', 'UploadAllowed', 'PrintAllowed'];
/** AppStream 2.0 actions that move data between the session and the local device (enabled when not listed). */
const APPSTREAM_TRANSFERS = [
  'CLIPBOARD_COPY_TO_LOCAL_DEVICE',
  'CLIPBOARD_COPY_FROM_LOCAL_DEVICE',
  'FILE_DOWNLOAD',
  'FILE_UPLOAD',
  'PRINTING_TO_LOCAL_DEVICE',
];

function recordedReason(resource: TemplateResource, setting: string): string | undefined {
  const reasons = resource.metadata?.[TRANSFER_REASONS_METADATA];
  const reason = isRecord(reasons) ? reasons[setting] : undefined;
  return typeof reason === 'string' && reason.trim().length >= MIN_TRANSFER_REASON_LENGTH ? reason : undefined;
}

/** The transfers a remote browser allows, as `setting is value` texts. */
function allowedTransfers(resource: TemplateResource): string[] {
  if (resource.type === 'AWS::WorkSpacesWeb::UserSettings') {
    return SECURE_BROWSER_TRANSFERS.filter((key) => resource.properties[key] !== 'Disabled').map(
      (key) => `${key} is ${String(resource.properties[key] ?? 'not set')}`,
    );
  }
  const settings = Array.isArray(resource.properties.UserSettings) ? resource.properties.UserSettings : [];
  return APPSTREAM_TRANSFERS.flatMap((action) => {
    const setting = settings.find((s) => isRecord(s) && s.Action === action);
    if (!isRecord(setting)) return [`${action} is not set (enabled by default)`];
    return setting.Permission === 'DISABLED' ? [] : [`${action} is ${String(setting.Permission)}`];
  });
}

/** Japanese of an allowed transfer as allowedTransfers words it (`<setting> is <value>`). */
function transferJa(text: string): string {
  const unset = /^(\S+) is not set \(enabled by default\)$/.exec(text);
  if (unset) return `${unset[1]} が設定されておらず（既定で有効）`;
  const value = /^(\S+) is (.*)$/.exec(text);
  return value ? `${value[1]} が ${value[2] === 'not set' ? '未設定' : value[2]} である` : text;
}

/**
 * Control 42: a remote browser of the internet zone (画面転送 for LGWAN staff) passes only the
 * screen: WorkSpaces Secure Browser user settings disable copy, paste, download, upload and print,
 * and an AppStream 2.0 stack disables clipboard both ways, file transfer both ways and local
 * printing, unless the resource records why one is allowed (`lgsec:transferReasons` metadata,
 * keyed by the setting or action, at least 20 characters).
 */
export const internetBrowserNoTransfer = resourceRule(['AWS::WorkSpacesWeb::UserSettings', 'AWS::AppStream::Stack'], (browser, index) => {
  const zone = zoneOfRemoteBrowser(browser, index);
  if (!zone.known)
    return zone.unresolved
      ? unverifiable(localized(`the remote browser has ${zoneText(zone)}`, `リモートブラウザが${zoneTextJa(zone)}にある`))
      : notApplicable();
  if (zone.zone !== Zone.INTERNET) return notApplicable();
  const problems = allowedTransfers(browser)
    .filter((text) => recordedReason(browser, text.split(' ')[0]) === undefined)
    .map((text) =>
      localized(
        `${text} with no reason in ${TRANSFER_REASONS_METADATA}`,
        `${transferJa(text)}が、${TRANSFER_REASONS_METADATA} に理由がない`,
      ),
    );
  return problems.length > 0 ? nonCompliant(...problems) : compliant();
});
