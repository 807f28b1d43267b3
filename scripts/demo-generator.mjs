// A fictional Norwegian-language fieldwork project of any size, deterministic by seed.
// Shared by `npm run demo` (writes JSON) and `npm run bench` (search and render figures).
// The shape follows src/lib/domain/demo/demoProject.ts (DemoParticipant, DemoSession, DemoEntry).

export const regionKeys = [
	'blue.psych', 'blue.neighbourhood', 'blue.education', 'yellow.school', 'yellow.health', 'yellow.childWelfare', 'yellow.nav',
	'yellow.followUp', 'green.practice', 'green.structures', 'green.culture', 'red.practice', 'red.structures', 'red.culture'
];
const codes = ['Tillit', 'Overganger', 'Ensomhet', 'Mestring', 'Ventetid', 'Skolefravær', 'Økonomi', 'Bolig', 'Fritid', 'Familie'];
const places = ['Fjordvik', 'Lyngdal indre', 'Strandbygd', 'Nordheia', 'Elvebakken', 'Solåsen'];
const subjects = ['Saksbehandleren', 'Læreren', 'Helsesykepleieren', 'Mamma', 'Treneren', 'Kontaktlæreren', 'Veilederen på NAV', 'Bestefar', 'Miljøarbeideren', 'Fastlegen'];
const verbs = ['spurte aldri om', 'glemte', 'hjalp meg med', 'snakket om', 'skjønte ikke', 'ringte om', 'lovet å fikse', 'sa ingenting om'];
const objects = ['skolen', 'fraværet', 'søknaden', 'timeplanen', 'bussen hjem', 'vennene mine', 'jobben', 'pengene', 'leiligheten', 'treningen', 'prøvene', 'samtalen'];
const tails = ['før jul.', 'hele høsten.', 'etter at jeg flyttet.', 'da jeg begynte på vgs.', 'og da ga jeg opp.', 'så jeg sluttet å gå dit.', 'men ingen fulgte opp.', 'uten å spørre meg.'];
const observations = ['Unge venter lenge i venterommet', 'Klubben er full på tirsdager', 'Ingen skilting på andre språk', 'Bussen går sjelden etter klokka fem', 'Elevene sitter med mobilen i friminuttet', 'Rådgiveren har kontor i en annen bygning'];

/** mulberry32: small, fast, deterministic. */
export function rng(seed) {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = Math.imul(t ^ (t >>> 15), t | 1);
		t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

export function generateDemo({ entries = 1000, seed = 1 } = {}) {
	const r = rng(seed);
	const pick = (list) => list[Math.floor(r() * list.length)];
	const participantCount = Math.max(4, Math.ceil(entries / 40));
	const sessionCount = Math.max(3, Math.ceil(entries / 25));
	const participants = Array.from({ length: participantCount }, (_, i) => ({
		code: `P-${String(i + 1).padStart(3, '0')}`,
		age: 13 + Math.floor(r() * 17),
		municipality: pick(places),
		attributes: r() < 0.5 ? { status: pick(['går på vgs', 'sluttet på vgs', 'mottar AAP', 'i jobb', 'lærling']) } : {},
		consentScope: ['notes', 'quotes']
	}));
	const sessions = Array.from({ length: sessionCount }, (_, i) => {
		const place = pick(places);
		const month = 1 + (i % 12);
		return {
			key: `s${i + 1}`,
			kind: pick(['interview', 'observation', 'workshop']),
			title: `${pick(['Samtale', 'Observasjon', 'Verksted'])} i ${place} ${i + 1}`,
			date: `2026-${String(month).padStart(2, '0')}-${String(1 + Math.floor(r() * 28)).padStart(2, '0')}`,
			place,
			participantCodes: [pick(participants).code],
			notes: `${pick(observations)}. ${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(tails)}`
		};
	});
	const list = Array.from({ length: entries }, () => {
		const kindRoll = r();
		const kind = kindRoll < 0.55 ? 'quote' : kindRoll < 0.8 ? 'observation' : kindRoll < 0.92 ? 'unknown' : 'fact';
		const session = r() < 0.9 ? pick(sessions) : null;
		const participant = session && kind === 'quote' ? session.participantCodes[0] : null;
		const text =
			kind === 'quote'
				? `${pick(subjects)} ${pick(verbs)} ${pick(objects)} ${pick(tails)}`
				: kind === 'fact'
					? `Om lag ${1 + Math.floor(r() * 9)} av 10 unge i ${pick(places)} ${pick(['fullfører vgs', 'har fritidsjobb', 'venter over en måned'])} (fiktivt tall).`
					: `${pick(observations)}, og ${pick(subjects).toLowerCase()} ${pick(verbs)} ${pick(objects)}.`;
		const regions = [...new Set(Array.from({ length: 1 + Math.floor(r() * 2) }, () => pick(regionKeys)))];
		return {
			kind,
			text,
			sessionKey: session?.key ?? null,
			participantCode: participant,
			...(kind === 'fact' ? { source: 'Fiktiv kommunestatistikk' } : {}),
			...(kind === 'unknown' ? { unknown: { surprise: `Vi visste ikke om ${pick(objects)}.`, whyUnknown: 'Vi spurte ikke.', nextQuestion: `Hvem har ansvar for ${pick(objects)}?` } } : {}),
			regions,
			ages: [13 + Math.floor(r() * 17)],
			codes: r() < 0.7 ? [pick(codes)] : []
		};
	});
	return {
		format: 'feltinnsikt-demo',
		version: 1,
		seed,
		codes: codes.map((name, i) => ({ name, colour: ['#2563eb', '#d97706', '#7c3aed', '#059669', '#dc2626'][i % 5], description: '' })),
		participants,
		sessions,
		entries: list
	};
}
