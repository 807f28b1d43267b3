// See https://svelte.dev/docs/kit/types#app.d.ts
// for information about these interfaces
import type { PublicUser } from '$lib/server/auth/users';

declare global {
	namespace App {
		// interface Error {}
		interface Locals {
			/** The signed-in user (resolved from the session cookie for /api requests), or null. */
			user: PublicUser | null;
			/** The session behind `user` (its id is the sha256 of the cookie token). */
			session: { id: string; expiresAt: Date } | null;
		}
		// interface PageData {}
		// interface PageState {}
		// interface Platform {}
	}
}

export {};
