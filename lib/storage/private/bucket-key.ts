// The key helpers live in lib/private, where every construct folder (and lib/private's own
// encrypted log group) can reach them; storage keeps its import path.
export {
  KEY_ADMIN_ACTIONS,
  KEY_USE_ACTIONS,
  LeastPrivilegeKeyProps,
  createLeastPrivilegeKey,
  retainedKeyWithOwnPolicy,
  withoutRootFullAccess,
} from '../../private/keys';
