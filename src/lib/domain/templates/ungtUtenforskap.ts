import type { Locale } from '../project';
import type { RegionField } from '../region';

/** Text in both languages; a project stores the one in its own language. */
export type Bilingual = Record<Locale, string>;

export interface TemplateRegion {
	key: string;
	parentKey: string | null;
	field: RegionField;
	name: Bilingual;
	description: Bilingual;
	layout: { x: number; y: number; w: number; h: number };
}

export interface TemplateLifeStage {
	fromAge: number;
	toAge: number;
	name: Bilingual;
}

/**
 * The default life line of PRI's map for ungt utenforskap: 0–30 in detail, and
 * 30–100 so the map remembers the parents' generation – children born into
 * families with socio-economic difficulties.
 */
export const defaultLifeLine: TemplateLifeStage[] = [
	{ fromAge: 0, toAge: 5, name: { nb: 'Småbarn (0–5)', en: 'Early childhood (0–5)' } },
	{ fromAge: 6, toAge: 12, name: { nb: 'Barneskole (6–12)', en: 'Primary school (6–12)' } },
	{ fromAge: 13, toAge: 15, name: { nb: 'Ungdomsskole (13–15)', en: 'Lower secondary (13–15)' } },
	{ fromAge: 16, toAge: 19, name: { nb: 'Videregående (16–19)', en: 'Upper secondary (16–19)' } },
	{ fromAge: 20, toAge: 24, name: { nb: 'Ung voksen (20–24)', en: 'Young adult (20–24)' } },
	{ fromAge: 25, toAge: 30, name: { nb: 'Voksen (25–30)', en: 'Adult (25–30)' } },
	{ fromAge: 30, toAge: 100, name: { nb: 'Foreldregenerasjonen (30–100)', en: "Parents' generation (30–100)" } }
];

const sub = (
	key: string,
	parentKey: string,
	field: RegionField,
	nb: string,
	en: string,
	layout: TemplateRegion['layout']
): TemplateRegion => ({ key, parentKey, field, name: { nb, en }, description: { nb: '', en: '' }, layout });

/**
 * The GIGA-map for ungt utenforskap (KS/PRI): blue – living conditions and
 * experiences; yellow – the services and their interplay; green – enablers;
 * red – inhibitors. Layout is in a 1000×800 map space.
 */
export const ungtUtenforskapMap: TemplateRegion[] = [
	{
		key: 'blue',
		parentKey: null,
		field: 'blue',
		name: { nb: 'Levekår og erfaringer', en: 'Living conditions and experiences' },
		description: {
			nb: 'Levekår og erfaringer som påvirker og kjennetegner utenforskap',
			en: 'Living conditions and experiences that influence and characterise exclusion'
		},
		layout: { x: 0, y: 0, w: 1000, h: 260 }
	},
	sub('blue.psych', 'blue', 'blue', 'Psykologiske erfaringer', 'Psychological experiences', { x: 0, y: 40, w: 333, h: 220 }),
	sub('blue.neighbourhood', 'blue', 'blue', 'Nærmiljø og samfunn', 'Neighbourhood and society', { x: 333, y: 40, w: 334, h: 220 }),
	sub('blue.education', 'blue', 'blue', 'Utdanning, arbeid og økonomi', 'Education, work and economy', { x: 667, y: 40, w: 333, h: 220 }),
	{
		key: 'yellow',
		parentKey: null,
		field: 'yellow',
		name: { nb: 'Tjenestene og samspillet', en: 'The services and their interplay' },
		description: {
			nb: 'Samspillet mellom tjenestene som adresserer utenforskap direkte',
			en: 'The interplay between services that address exclusion directly'
		},
		layout: { x: 0, y: 270, w: 1000, h: 260 }
	},
	sub('yellow.school', 'yellow', 'yellow', 'Skole', 'School', { x: 0, y: 310, w: 200, h: 220 }),
	sub('yellow.health', 'yellow', 'yellow', 'Helse', 'Health', { x: 200, y: 310, w: 200, h: 220 }),
	sub('yellow.childWelfare', 'yellow', 'yellow', 'Barnevern', 'Child welfare', { x: 400, y: 310, w: 200, h: 220 }),
	sub('yellow.nav', 'yellow', 'yellow', 'NAV', 'NAV (labour and welfare)', { x: 600, y: 310, w: 200, h: 220 }),
	sub('yellow.followUp', 'yellow', 'yellow', 'Oppfølgingstjenesten', 'Follow-up services', { x: 800, y: 310, w: 200, h: 220 }),
	{
		key: 'green',
		parentKey: null,
		field: 'green',
		name: { nb: 'Fremmere', en: 'Enablers' },
		description: {
			nb: 'Det som fremmer kommunesektorens arbeid: arbeidsmåter, praksis, strukturer, kultur og tankesett',
			en: "What helps the municipal sector's work: ways of working, practice, structures, culture and mindset"
		},
		layout: { x: 0, y: 540, w: 495, h: 260 }
	},
	sub('green.practice', 'green', 'green', 'Arbeidsmåter og praksis', 'Ways of working and practice', { x: 0, y: 580, w: 165, h: 220 }),
	sub('green.structures', 'green', 'green', 'Strukturer', 'Structures', { x: 165, y: 580, w: 165, h: 220 }),
	sub('green.culture', 'green', 'green', 'Kultur og tankesett', 'Culture and mindset', { x: 330, y: 580, w: 165, h: 220 }),
	{
		key: 'red',
		parentKey: null,
		field: 'red',
		name: { nb: 'Hemmere', en: 'Inhibitors' },
		description: {
			nb: 'Det som hemmer kommunesektorens arbeid: arbeidsmåter, praksis, strukturer, kultur og tankesett',
			en: "What hinders the municipal sector's work: ways of working, practice, structures, culture and mindset"
		},
		layout: { x: 505, y: 540, w: 495, h: 260 }
	},
	sub('red.practice', 'red', 'red', 'Arbeidsmåter og praksis', 'Ways of working and practice', { x: 505, y: 580, w: 165, h: 220 }),
	sub('red.structures', 'red', 'red', 'Strukturer', 'Structures', { x: 670, y: 580, w: 165, h: 220 }),
	sub('red.culture', 'red', 'red', 'Kultur og tankesett', 'Culture and mindset', { x: 835, y: 580, w: 165, h: 220 })
];
