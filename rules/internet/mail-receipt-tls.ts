import { isRecord } from '../../lib/template/template-index';
import { compliant, localized, nonCompliant, unverifiable } from '../outcome';
import { resourceRule } from '../rule';

/**
 * Control 45: an SES receipt rule accepts mail only over TLS (`TlsPolicy: Require`), so no
 * message for the municipality crosses the internet in clear text on its last hop.
 */
export const mailReceiptTls = resourceRule(['AWS::SES::ReceiptRule'], (receipt, index) => {
  const rule = isRecord(receipt.properties.Rule) ? receipt.properties.Rule : {};
  if (rule.TlsPolicy === undefined) {
    return nonCompliant(
      localized(
        'TlsPolicy is not set: SES then accepts mail over unencrypted SMTP (Optional)',
        'TlsPolicy が未設定: SES は暗号化されていない SMTP でも受信する（Optional）',
      ),
    );
  }
  const policy = index.literalString(rule.TlsPolicy);
  if (policy === undefined) {
    return unverifiable(localized('TlsPolicy is not a literal value', 'TlsPolicy が値として確定しない'));
  }
  if (policy === 'Require') return compliant();
  return nonCompliant(
    localized(`TlsPolicy is ${policy}: mail is accepted without TLS`, `TlsPolicy が ${policy}: TLS なしのメールを受け付ける`),
  );
});
