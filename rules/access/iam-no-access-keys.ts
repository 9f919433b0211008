import { localized, nonCompliant } from '../outcome';
import { resourceRule } from '../rule';

/** Control 34: no long-lived IAM user access keys. */
export const iamNoAccessKeys = resourceRule(['AWS::IAM::AccessKey'], (key) =>
  nonCompliant(
    localized(
      `access key ${key.logicalId} is a long-lived credential; use roles (and IAM Identity Center for people)`,
      `アクセスキー ${key.logicalId} は長期の認証情報である。ロール（人には IAM Identity Center）を使う`,
    ),
  ),
);
