import { m } from '$lib/i18n/generated/messages';
import type { Locale } from '$lib/domain/project';
import type { EntryKind } from '$lib/domain/entry';
import type { ConsentScope } from '$lib/domain/participant';

/**
 * Words that go into an exported file. They follow the project's language,
 * not the screen's: a Norwegian project exported from an English UI is still
 * read by a Norwegian team. The messages themselves live with the others.
 */
export function exportLabels(locale: Locale) {
	const o = { locale };
	const kinds: Record<EntryKind, () => string> = {
		quote: () => m.kind_quote({}, o),
		observation: () => m.kind_observation({}, o),
		unknown: () => m.kind_unknown({}, o),
		fact: () => m.kind_fact({}, o)
	};
	const scopes: Record<ConsentScope, () => string> = {
		notes: () => m.consent_scope_notes({}, o),
		audio: () => m.consent_scope_audio({}, o),
		photo: () => m.consent_scope_photo({}, o),
		quotes: () => m.consent_scope_quotes({}, o)
	};
	const confidence = { low: () => m.insight_confidence_low({}, o), medium: () => m.insight_confidence_medium({}, o), high: () => m.insight_confidence_high({}, o) };
	return {
		kind: (k: EntryKind) => kinds[k](),
		scope: (s: ConsentScope) => scopes[s](),
		confidence: (c: keyof typeof confidence) => confidence[c](),
		mapRoot: m.export_qda_map_root({}, o),
		lifeStagesRoot: m.export_qda_life_stages_root({}, o),
		mapGraph: m.export_qda_map_graph({}, o),
		varLifeStage: m.export_qda_var_life_stage({}, o),
		varAge: m.export_qda_var_age({}, o),
		varAgeBand: m.export_qda_var_age_band({}, o),
		varMunicipality: m.export_qda_var_municipality({}, o),
		varConsent: m.export_qda_var_consent({}, o),
		varConsentScope: (s: ConsentScope) => m.export_qda_var_consent_scope({ scope: scopes[s]() }, o),
		consentStatus: (s: 'given' | 'withdrawn' | null) =>
			s === 'given' ? m.export_qda_consent_given({}, o) : s === 'withdrawn' ? m.export_qda_consent_withdrawn({}, o) : m.export_qda_consent_none({}, o),
		evidenceSource: (session: string) => m.export_qda_evidence_source({ session }, o),
		evidenceNoSession: m.export_qda_evidence_no_session({}, o),
		insightNote: (statement: string) => m.export_qda_insight_note({ statement }, o),
		areaNote: (name: string) => m.export_qda_area_note({ name }, o),
		unknownUser: (n: number) => m.export_qda_unknown_user({ n }, o),
		unknownSurprise: m.unknown_surprise({}, o),
		unknownWhy: m.unknown_why({}, o),
		unknownNext: m.unknown_next({}, o),
		factSource: m.fact_source({}, o),
		reportTitleProject: (name: string) => m.export_report_title_project({ name }, o),
		reportTitleBoard: (name: string, board: string) => m.export_report_title_board({ name, board }, o),
		reportExported: (date: string) => m.export_report_exported({ date }, o),
		reportAreas: m.export_report_areas({}, o),
		reportNoAreas: m.export_report_no_areas({}, o),
		reportMainProject: m.export_report_main_project({}, o),
		reportPortfolio: (name: string) => m.export_report_portfolio({ name }, o),
		reportRegions: (names: string) => m.export_report_regions({ names }, o),
		reportInsightMeta: (confidenceLevel: keyof typeof confidence, status: 'draft' | 'agreed') =>
			m.export_report_insight_meta(
				{ confidence: confidence[confidenceLevel](), status: status === 'agreed' ? m.export_report_insight_agreed({}, o) : m.export_report_insight_draft({}, o) },
				o
			),
		reportNoInsights: m.export_report_no_insights({}, o),
		reportNoEvidence: m.export_report_no_evidence({}, o),
		reportOtherInsights: m.export_report_other_insights({}, o),
		reportMap: m.export_report_map({}, o),
		reportMapNote: m.export_report_map_note({}, o),
		reportRegion: m.export_report_region({}, o),
		reportTotal: m.export_report_total({}, o),
		reportClusters: m.export_report_clusters({}, o),
		reportClusterCards: (name: string, count: number) => m.export_report_cluster_cards({ name, count }, o),
		reportUnnamedCluster: m.export_report_unnamed_cluster({}, o),
		reportConsentNote: m.export_report_consent_note({}, o)
	};
}

export type ExportLabels = ReturnType<typeof exportLabels>;
