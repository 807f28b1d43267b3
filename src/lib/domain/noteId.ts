/**
 * One note per session, with an id derived from the session: two researchers
 * opening the same session offline create the same note row, not two.
 */
export function noteIdFor(sessionId: string): string {
	return `note:${sessionId}`;
}
