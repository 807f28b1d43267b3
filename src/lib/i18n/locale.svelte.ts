import { getLocale, setLocale, locales, type Locale } from './generated/runtime';

/**
 * The UI language as reactive state. Paraglide remembers the choice in
 * localStorage; the layout keys the page on `language.current` so every
 * message re-renders without a page reload (nothing typed is thrown away).
 */
export const language = $state({ current: getLocale() as Locale });

export function switchLanguage(next: Locale): void {
	setLocale(next, { reload: false });
	language.current = next;
	document.documentElement.lang = next;
}

export { locales };
export type { Locale };
