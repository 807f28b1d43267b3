import type { EntryKind } from '../entry';
import type { SessionKind } from '../session';
import type { ConsentScope } from '../participant';

/**
 * A small, fictional, Norwegian-language fieldwork project: enough to show every
 * kind of evidence, tagged to the map and the life line. Names of places are
 * invented; participants are pseudonyms only.
 */
export interface DemoParticipant {
	code: string;
	age: number;
	municipality: string;
	attributes: Record<string, string>;
	consentScope: ConsentScope[];
}
export interface DemoSession {
	key: string;
	kind: SessionKind;
	title: string;
	date: string;
	place: string;
	participantCodes: string[];
	notes: string;
}
export interface DemoEntry {
	kind: EntryKind;
	text: string;
	sessionKey: string | null;
	participantCode: string | null;
	source?: string;
	unknown?: { surprise: string; whyUnknown: string; nextQuestion: string };
	/** Keys into the Ungt utenforskap template. */
	regions: string[];
	/** Ages on the life line; the band they fall in is tagged. */
	ages: number[];
	codes: string[];
}

export const demoCodes: { name: string; colour: string; description: string }[] = [
	{ name: 'Tillit', colour: '#2563eb', description: 'Tillit til voksne og tjenester' },
	{ name: 'Overganger', colour: '#d97706', description: 'Overgang mellom skoleslag, tjenester eller livsfaser' },
	{ name: 'Ensomhet', colour: '#7c3aed', description: 'Å stå alene, mangle venner eller nettverk' },
	{ name: 'Mestring', colour: '#059669', description: 'Opplevelse av å få til noe' }
];

export const demoParticipants: DemoParticipant[] = [
	{ code: 'P-001', age: 17, municipality: 'Fjordvik', attributes: { bosted: 'bor hos mor' }, consentScope: ['notes', 'audio', 'quotes'] },
	{ code: 'P-002', age: 19, municipality: 'Fjordvik', attributes: { status: 'sluttet på vgs' }, consentScope: ['notes', 'quotes'] },
	{ code: 'P-003', age: 23, municipality: 'Lyngdal indre', attributes: { status: 'mottar AAP' }, consentScope: ['notes'] },
	{ code: 'P-004', age: 15, municipality: 'Fjordvik', attributes: {}, consentScope: ['notes', 'audio', 'photo', 'quotes'] }
];

export const demoSessions: DemoSession[] = [
	{
		key: 'club',
		kind: 'interview',
		title: 'Samtale på ungdomsklubben Fyret',
		date: '2026-09-14',
		place: 'Ungdomsklubben Fyret, Fjordvik',
		participantCodes: ['P-001', 'P-004'],
		notes:
			'Vi møtte to ungdommer på klubben en tirsdag kveld.\nP-001 forteller at hun sluttet å gå på skolen i perioder fordi ingen merket det.\n«Det er ingen som spør hvordan det egentlig går.»'
	},
	{
		key: 'nav',
		kind: 'observation',
		title: 'Observasjon i venterommet hos NAV',
		date: '2026-09-21',
		place: 'NAV Fjordvik',
		participantCodes: ['P-003'],
		notes: 'Venterommet er fullt. Unge sitter med mobilen og venter lenge; ingen skilting på andre språk.'
	},
	{
		key: 'workshop',
		kind: 'workshop',
		title: 'Verksted med lærere og helsesykepleiere',
		date: '2026-10-02',
		place: 'Fjordvik videregående skole',
		participantCodes: [],
		notes: 'Ansatte beskriver at de ikke vet hvem som har ansvar når en elev slutter midt i skoleåret.'
	}
];

export const demoEntries: DemoEntry[] = [
	{
		kind: 'quote',
		text: 'Det er ingen som spør hvordan det egentlig går.',
		sessionKey: 'club',
		participantCode: 'P-001',
		regions: ['blue.psych', 'yellow.school'],
		ages: [17],
		codes: ['Tillit']
	},
	{
		kind: 'quote',
		text: 'Jeg sluttet etter jul. Ingen ringte.',
		sessionKey: 'club',
		participantCode: 'P-002',
		regions: ['yellow.school', 'yellow.followUp'],
		ages: [19],
		codes: ['Overganger']
	},
	{
		kind: 'observation',
		text: 'Unge venter i over en time i venterommet uten å vite hvem de skal snakke med.',
		sessionKey: 'nav',
		participantCode: 'P-003',
		regions: ['yellow.nav', 'red.structures'],
		ages: [23],
		codes: ['Tillit']
	},
	{
		kind: 'observation',
		text: 'Klubben er åpen to kvelder i uka; de samme ungdommene kommer hver gang.',
		sessionKey: 'club',
		participantCode: null,
		regions: ['blue.neighbourhood', 'green.practice'],
		ages: [15, 17],
		codes: ['Mestring']
	},
	{
		kind: 'unknown',
		text: 'Ansatte vet ikke hvem som har ansvaret når en elev slutter midt i skoleåret.',
		sessionKey: 'workshop',
		participantCode: null,
		unknown: {
			surprise: 'Både skole og oppfølgingstjenesten trodde den andre hadde ansvaret.',
			whyUnknown: 'Vi har bare snakket med én tjeneste om gangen.',
			nextQuestion: 'Hvem får beskjed første dag en elev ikke møter?'
		},
		regions: ['yellow.followUp', 'red.structures'],
		ages: [16, 19],
		codes: ['Overganger']
	},
	{
		kind: 'unknown',
		text: 'Flere av ungdommene nevner gaming-fellesskap som sitt viktigste nettverk.',
		sessionKey: 'club',
		participantCode: 'P-004',
		unknown: {
			surprise: 'Nettvennene var viktigere enn klubben.',
			whyUnknown: 'Vi spurte bare om fysiske møteplasser.',
			nextQuestion: 'Hva gjør nettfellesskapene som tjenestene ikke gjør?'
		},
		regions: ['blue.neighbourhood'],
		ages: [15],
		codes: ['Ensomhet']
	},
	{
		kind: 'fact',
		text: 'Om lag hver femte elev i Fjordvik fullfører ikke videregående på fem år (fiktivt tall).',
		sessionKey: null,
		participantCode: null,
		source: 'Fiktiv kommunestatistikk, demodata',
		regions: ['blue.education'],
		ages: [16, 19, 20],
		codes: []
	},
	{
		kind: 'quote',
		text: 'Saksbehandleren min byttes hele tiden, så jeg gidder ikke fortelle alt på nytt.',
		sessionKey: 'nav',
		participantCode: 'P-003',
		regions: ['yellow.nav', 'blue.psych'],
		ages: [23],
		codes: ['Tillit']
	}
];
