/** The main areas and their names in the menu (Bokmål, the default), as in the Chromium suite. */
export const mainRoutes = [
	{ path: '/', nb: 'Prosjekter' },
	{ path: '/capture', nb: 'Fangst' },
	{ path: '/library', nb: 'Bibliotek' },
	{ path: '/map', nb: 'Kart' },
	{ path: '/review', nb: 'Gjennomgang' },
	{ path: '/settings', nb: 'Innstillinger' }
] as const;
