import { nonCompliant } from '../outcome';
import { resourceRule } from '../rule';

/** Control 34: no long-lived IAM user access keys. */
export const iamNoAccessKeys = resourceRule(['AWS::IAM::AccessKey'], (key) =>
  nonCompliant(`access key ${key.logicalId} is a long-lived credential; use roles (and IAM Identity Center for people)`),
);
