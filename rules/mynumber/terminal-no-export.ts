import { zoneTextJa } from '../../lib/template/network';
import { Zone } from '../../lib/policy';
import { zoneText } from '../../lib/template/network';
import { advisory, compliant, localized, nonCompliant, notApplicable, outcomeOf, Problem, unverifiable } from '../outcome';
import { resourceRule } from '../rule';
import { isRecord, valueAt } from '../../lib/template/template-index';
import { zoneOfTerminal } from '../../lib/template/zones';
import { zoneDeclared } from '../../lib/template/zones';

/** Actions that take data out of a streaming session to the local device. */
const EXPORT_ACTIONS = ['CLIPBOARD_COPY_TO_LOCAL_DEVICE', 'FILE_DOWNLOAD', 'PRINTING_TO_LOCAL_DEVICE'];

function userSettingProblems(settings: unknown, path: string): Problem[] {
  const list = Array.isArray(settings) ? settings : [];
  return EXPORT_ACTIONS.flatMap((action) => {
    const setting = list.find((s) => isRecord(s) && s.Action === action);
    if (!isRecord(setting))
      return [
        localized(`${path} does not disable ${action} (enabled by default)`, `${path} が ${action} を無効にしていない（既定で有効）`),
      ];
    return setting.Permission === 'DISABLED'
      ? []
      : [
          localized(
            `${path} sets ${action} to ${String(setting.Permission)}`,
            `${path} が ${action} を ${String(setting.Permission)} にしている`,
          ),
        ];
  });
}

/**
 * Control 14: terminals in the My Number zone cannot take data out: AppStream 2.0 stacks and
 * WorkSpaces directories disable clipboard copy to the local device, file download and local
 * printing; WorkSpaces Secure Browser user settings disable copy, download and print.
 */
export const myNumberTerminalNoExport = resourceRule(
  ['AWS::AppStream::Stack', 'AWS::WorkSpaces::Directory', 'AWS::WorkSpacesWeb::UserSettings'],
  (terminal, index) => {
    const zone = zoneOfTerminal(terminal, index);
    if (!zone.known)
      return zone.unresolved && zoneDeclared(index, Zone.MY_NUMBER)
        ? unverifiable(localized(`the terminal has ${zoneText(zone)}`, `端末が${zoneTextJa(zone)}にある`))
        : notApplicable();
    if (zone.zone !== Zone.MY_NUMBER) return notApplicable();
    const props = terminal.properties;
    switch (terminal.type) {
      case 'AWS::AppStream::Stack':
        return outcomeOf(userSettingProblems(props.UserSettings, 'UserSettings'));
      case 'AWS::WorkSpaces::Directory': {
        const settings = valueAt(props, 'StreamingProperties.UserSettings');
        const problems = settings === undefined ? [] : userSettingProblems(settings, 'StreamingProperties.UserSettings');
        if (valueAt(props, 'WorkspaceCreationProperties.EnableInternetAccess') === true)
          problems.push(
            localized(
              'WorkspaceCreationProperties.EnableInternetAccess is true',
              'WorkspaceCreationProperties.EnableInternetAccess が true である',
            ),
          );
        // Without StreamingProperties the service defaults apply (redirection enabled for pools).
        if (problems.length === 0 && settings === undefined) {
          return advisory(
            localized(
              `StreamingProperties.UserSettings is not set, so ${EXPORT_ACTIONS.join(', ')} keep their enabled defaults`,
              `StreamingProperties.UserSettings が設定されていないため、${EXPORT_ACTIONS.join('、')} は既定の有効のままである`,
            ),
          );
        }
        return outcomeOf(problems);
      }
      case 'AWS::WorkSpacesWeb::UserSettings': {
        const problems = ['CopyAllowed', 'DownloadAllowed', 'PrintAllowed']
          .filter((key) => props[key] !== 'Disabled')
          .map((key) =>
            localized(
              `${key} is ${String(props[key] ?? 'not set')}, not Disabled`,
              `${key} が Disabled ではなく ${String(props[key] ?? '未設定')} である`,
            ),
          );
        return problems.length > 0 ? nonCompliant(...problems) : compliant();
      }
    }
    return notApplicable();
  },
);
