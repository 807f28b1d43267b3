import { z } from 'zod';
import { roles, type Role } from '$lib/domain/permissions';

/**
 * A member's role in a project (defined with the write rules in `$lib/domain/permissions`):
 * - `owner` – everything a researcher can, plus members, invites and roles;
 * - `researcher` – captures and edits the project's data;
 * - `reviewer` – reads, and does review work.
 */
export { roles, type Role };
export const roleSchema = z.enum(roles);

export const OWNER_ONLY: readonly Role[] = ['owner'];
export const ANY_MEMBER: readonly Role[] = roles;
