/**
 * The cell key, exactly as src/protocol's `cellKey` builds it (`pupilId|date|session`); a test checks they
 * agree. Defined here rather than imported so the teacher's first-load JavaScript does not carry zod, which
 * the protocol module evaluates on import (the app does not validate server answers with it today).
 */
export const cellKey = (pupilId: string, date: string, session: string) => `${pupilId}|${date}|${session}`;
