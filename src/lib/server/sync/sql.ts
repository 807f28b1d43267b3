/** The slice of the storage engine sync needs; both PGlite and PostgreSQL provide it. */
export interface SqlClient {
	query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
	transaction<T>(fn: (tx: SqlClient) => Promise<T>): Promise<T>;
}
