/** The participant's consent form, opened for editing: the one-tap way to record consent from where capture was refused. */
export const participantHref = (participantId: string): string => `/participants?edit=${encodeURIComponent(participantId)}#participant-${encodeURIComponent(participantId)}`;
