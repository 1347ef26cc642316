/** A key's permissions as the key form edits them: every kind (null), or the kinds ticked. */
export type KeyPermission = 'CHAT' | 'EMBEDDINGS' | 'IMAGES' | 'AUDIO_TRANSCRIPTION' | 'AUDIO_TRANSLATION' | 'AUDIO_SPEECH' | 'REALTIME' | 'MODERATIONS';

export const keyPermissionLabels: Record<KeyPermission, string> = {
  CHAT: 'Chat completions',
  EMBEDDINGS: 'Embeddings',
  IMAGES: 'Images',
  AUDIO_TRANSCRIPTION: 'Audio transcription',
  AUDIO_TRANSLATION: 'Audio translation',
  AUDIO_SPEECH: 'Speech',
  REALTIME: 'Realtime sessions',
  MODERATIONS: 'Moderations',
};

export const keyPermissionOrder = Object.keys(keyPermissionLabels) as KeyPermission[];

/** What the form sends: null when unrestricted, else the ticked kinds in the usual order. */
export function permissionsInput(unrestricted: boolean, ticked: readonly KeyPermission[]): KeyPermission[] | null {
  return unrestricted ? null : keyPermissionOrder.filter((permission) => ticked.includes(permission));
}

/** For the keys table: "all", "none" or the kinds' labels. */
export function describePermissions(permissions: readonly KeyPermission[] | null | undefined): string {
  if (permissions == null) return 'all';
  if (permissions.length === 0) return 'none';
  return permissions.map((permission) => keyPermissionLabels[permission] ?? permission).join(', ');
}
