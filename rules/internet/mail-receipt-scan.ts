import { isRecord } from '../../lib/template/template-index';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 46: an SES receipt rule scans every message for spam and viruses (`ScanEnabled: true`):
 * the verdicts decide whether a message is forwarded to the sanitizer at all.
 */
export const mailReceiptScan = resourceRule(['AWS::SES::ReceiptRule'], (receipt, index) => {
  const rule = isRecord(receipt.properties.Rule) ? receipt.properties.Rule : {};
  const value = rule.ScanEnabled;
  if (value === true || value === 'true') return compliant();
  if (value === undefined || value === false || value === 'false') {
    return nonCompliant(
      localized(
        `ScanEnabled is ${value === undefined ? 'not set (false)' : 'false'}: messages are not scanned for spam and viruses`,
        `ScanEnabled が ${value === undefined ? '未設定（false）' : 'false'}: スパム・ウイルスの検査が行われない`,
      ),
    );
  }
  return index.literalString(value) === 'true'
    ? compliant()
    : unverifiable(localized('ScanEnabled is not a literal value', 'ScanEnabled が値として確定しない'));
});
