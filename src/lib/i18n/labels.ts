import type { EntryKind } from '$lib/domain/entry';
import type { SessionKind } from '$lib/domain/session';
import type { ConsentScope } from '$lib/domain/participant';
import { m } from './generated/messages';

const kindLabels: Record<EntryKind, () => string> = {
	quote: m.kind_quote,
	observation: m.kind_observation,
	unknown: m.kind_unknown,
	fact: m.kind_fact
};

export function kindLabel(kind: EntryKind): string {
	return kindLabels[kind]();
}

const sessionKindLabels: Record<SessionKind, () => string> = {
	interview: m.session_kind_interview,
	observation: m.session_kind_observation,
	workshop: m.session_kind_workshop,
	deskResearch: m.session_kind_deskResearch
};

export function sessionKindLabel(kind: SessionKind): string {
	return sessionKindLabels[kind]();
}

const consentScopeLabels: Record<ConsentScope, () => string> = {
	notes: m.consent_scope_notes,
	audio: m.consent_scope_audio,
	photo: m.consent_scope_photo,
	quotes: m.consent_scope_quotes
};

export function consentScopeLabel(scope: ConsentScope): string {
	return consentScopeLabels[scope]();
}
