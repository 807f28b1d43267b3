/** The current moment as an ISO string (kept out of reactive modules, where a Date would be mistaken for state). */
export const nowIso = (): string => new Date().toISOString();
