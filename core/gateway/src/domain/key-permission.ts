/** The kinds of request a virtual key may be limited to (a key without a list may make every kind). */
export const keyPermissions = ['CHAT', 'EMBEDDINGS', 'IMAGES', 'AUDIO_TRANSCRIPTION', 'AUDIO_TRANSLATION', 'AUDIO_SPEECH', 'REALTIME', 'MODERATIONS'] as const;

export type KeyPermission = (typeof keyPermissions)[number];
