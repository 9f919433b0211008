/**
 * File names: what the engine trusts of a name is its last segment, cleaned of characters that
 * disguise it (bidi overrides turning `exe.txt` into `txt.exe` on screen, trailing dots Windows
 * drops, alternate data streams).
 */

// eslint-disable-next-line no-control-regex
const DISGUISING_CHARACTERS = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Drops trailing characters from a set. A loop, not /[. ]+$/: that regex backtracks
 * quadratically on long runs that are not at the end, and names come from attackers.
 */
export function trimTrailing(value: string, characters: string): string {
  let end = value.length;
  while (end > 0 && characters.includes(value[end - 1])) end -= 1;
  return value.slice(0, end);
}

/** The name's last path segment, cleaned; never empty. */
export function cleanFileName(name: string): string {
  const lastSegment = name.split(/[\\/]/).pop() ?? '';
  let cleaned: string = lastSegment.replace(DISGUISING_CHARACTERS, '').replace(/[:*?"<>|]/g, '_');
  cleaned = trimTrailing(cleaned, '. ').trim();
  if (cleaned === '' || cleaned === '.' || cleaned === '..') cleaned = 'unnamed';
  if (WINDOWS_RESERVED.test(cleaned)) cleaned = `_${cleaned}`;
  return cleaned;
}

/** Lowercase extension without the dot, or '' when the name has none. */
export function extensionOf(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0 || dot === name.length - 1) return '';
  return name.slice(dot + 1).toLowerCase();
}

/** Replaces (or adds) the extension. */
export function withExtension(name: string, extension: string): string {
  const dot = name.lastIndexOf('.');
  const stem = dot > 0 ? name.slice(0, dot) : name;
  return `${stem}.${extension}`;
}

/** Extensions Windows, macOS or Linux run or interpret: quarantined whatever the content. */
export const SCRIPT_AND_PROGRAM_EXTENSIONS: ReadonlySet<string> = new Set([
  // Windows programs and installers
  'exe',
  'dll',
  'com',
  'scr',
  'pif',
  'cpl',
  'msi',
  'msp',
  'mst',
  'msc',
  'sys',
  'drv',
  'ocx',
  'efi',
  'appx',
  'msix',
  'application',
  'appref-ms',
  'gadget',
  'xll',
  'xlam',
  'ppam',
  'vsto',
  'chm',
  'hlp',
  'jar',
  'apk',
  'app',
  'dmg',
  'pkg',
  'deb',
  'rpm',
  'run',
  'bin',
  'elf',
  'so',
  'dylib',
  'out',
  // scripts
  'js',
  'jse',
  'mjs',
  'cjs',
  'vbs',
  'vbe',
  'vb',
  'wsf',
  'wsh',
  'wsc',
  'sct',
  'ps1',
  'psm1',
  'psd1',
  'ps1xml',
  'psc1',
  'bat',
  'cmd',
  'hta',
  'sh',
  'bash',
  'zsh',
  'ksh',
  'csh',
  'py',
  'pyw',
  'pyc',
  'pl',
  'rb',
  'php',
  'lua',
  'tcl',
  'applescript',
  'scpt',
  'command',
  'reg',
  'inf',
  'ins',
  'isp',
  'job',
  'xbap',
  // links, shortcuts and things that open other things
  'lnk',
  'url',
  'website',
  'desktop',
  'webloc',
  'scf',
  'settingcontent-ms',
  'library-ms',
  'searchconnector-ms',
  'iso',
  'img',
  'vhd',
  'vhdx',
  'udf',
  'one',
  'onepkg',
  'iqy',
  'slk',
  'xlm',
  'svg',
  'svgz',
  'htm',
  'html',
  'xhtml',
  'mht',
  'mhtml',
  'shtml',
  'hta',
  'xsl',
  'xslt',
]);

/** The kind of shortcut a script extension names, for the quarantine code. */
export function isShortcutExtension(extension: string): boolean {
  return ['lnk', 'url', 'website', 'desktop', 'webloc', 'scf', 'settingcontent-ms', 'library-ms', 'searchconnector-ms'].includes(extension);
}
