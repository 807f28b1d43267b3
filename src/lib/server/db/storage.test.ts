import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStorage } from './index';
import { migrate, migrations, type Migration } from './migrations';
import { openPglite } from './pglite';
import { forEachEngine } from './testing';
import { isUniqueViolation } from './types';

forEachEngine('storage', (db) => {
	it('returns values the same way on both engines', async () => {
		const at = new Date('2026-03-01T10:20:30.456Z');
		const [row] = await db.sql.query<Record<string, unknown>>(
			`SELECT 9007199254740991::int8 AS big, count(*) AS n, 7::int4 AS small, $1::timestamptz AS at,
				$2::jsonb AS obj, $3::jsonb AS text_json, $4::jsonb AS arr, true AS yes, 1.5::numeric AS num,
				$5::text AS txt, NULL::text AS nothing, '\\x0102'::bytea AS bytes
			FROM (VALUES (1), (2)) AS v(x)`,
			[at, { a: 1, b: [true, null] }, '{"b":2}', [1, 'x'], 'æøå']
		);
		expect(row.big).toBe(9007199254740991);
		expect(row.n).toBe(2);
		expect(row.small).toBe(7);
		expect(row.at).toBeInstanceOf(Date);
		expect((row.at as Date).toISOString()).toBe(at.toISOString());
		expect(row.obj).toEqual({ a: 1, b: [true, null] });
		expect(row.text_json).toEqual({ b: 2 });
		expect(row.arr).toEqual([1, 'x']);
		expect(row.yes).toBe(true);
		expect(row.num).toBe('1.5');
		expect(row.txt).toBe('æøå');
		expect(row.nothing).toBeNull();
		expect(row.bytes).toBeInstanceOf(Uint8Array);
		expect([...(row.bytes as Uint8Array)]).toEqual([1, 2]);
	});

	it('commits a transaction that resolves and rolls back one that throws', async () => {
		await db.sql.exec('CREATE TABLE t (id int PRIMARY KEY, v text)');
		await db.sql.transaction(async (tx) => {
			await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 'kept']);
		});
		await expect(
			db.sql.transaction(async (tx) => {
				await tx.query('INSERT INTO t VALUES ($1, $2)', [2, 'lost']);
				throw new Error('boom');
			})
		).rejects.toThrow('boom');
		// A failing statement aborts the whole transaction too.
		await expect(
			db.sql.transaction(async (tx) => {
				await tx.query('INSERT INTO t VALUES ($1, $2)', [3, 'lost']);
				await tx.query('INSERT INTO t VALUES ($1, $2)', [1, 'duplicate']);
			})
		).rejects.toSatisfy(isUniqueViolation);
		const rows = await db.sql.query<{ id: number; v: string }>('SELECT id, v FROM t ORDER BY id');
		expect(rows).toEqual([{ id: 1, v: 'kept' }]);
	});

	it('nests transactions as savepoints', async () => {
		await db.sql.exec('CREATE TABLE t (id int PRIMARY KEY)');
		await db.sql.transaction(async (tx) => {
			await tx.query('INSERT INTO t VALUES (1)');
			await expect(
				tx.transaction(async (inner) => {
					await inner.query('INSERT INTO t VALUES (2)');
					await inner.query('INSERT INTO t VALUES (1)');
				})
			).rejects.toSatisfy(isUniqueViolation);
			await tx.transaction(async (inner) => {
				await inner.query('INSERT INTO t VALUES (3)');
			});
		});
		const rows = await db.sql.query<{ id: number }>('SELECT id FROM t ORDER BY id');
		expect(rows.map((r) => r.id)).toEqual([1, 3]);
	});

	it('has applied every migration once, in its own schema', async () => {
		const rows = await db.sql.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
		expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
		expect(await migrate(db.sql)).toEqual([]);
		const [{ schema }] = await db.sql.query<{ schema: string }>('SELECT current_schema() AS schema');
		expect(schema).toBe(db.storage.schema);
		const tables = await db.sql.query<{ name: string }>(
			`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 ORDER BY 1`,
			[db.storage.schema]
		);
		expect(tables.map((t) => t.name)).toEqual(
			expect.arrayContaining(['auth_sessions', 'invites', 'login_attempts', 'memberships', 'projects', 'users'])
		);
	});

	it('keeps e-mail addresses unique and lower-case', async () => {
		const now = new Date();
		const insert = (id: string, email: string) =>
			db.sql.query(
				`INSERT INTO users (id, email, display_name, password_hash, created_at, sessions_valid_after)
				VALUES ($1, $2, 'X', 'h', $3, $3)`,
				[id, email, now]
			);
		await insert('u1', 'a@example.no');
		await expect(insert('u2', 'a@example.no')).rejects.toSatisfy(isUniqueViolation);
		await expect(insert('u3', 'B@example.no')).rejects.toThrow();
	});
});

forEachEngine(
	'migrations',
	(db) => {
		it('applies pending migrations in order and records them', async () => {
			expect(await migrate(db.sql)).toEqual(migrations.map((m) => m.id));
			const extra: Migration = {
				id: migrations.length + 1,
				name: 'test: one more table',
				sql: 'CREATE TABLE extra (id int); INSERT INTO extra VALUES (1);'
			};
			expect(await migrate(db.sql, [...migrations, extra])).toEqual([extra.id]);
			const [{ n }] = await db.sql.query<{ n: number }>('SELECT count(*) AS n FROM extra');
			expect(n).toBe(1);
			// The old version of the app refuses a database a newer one migrated.
			await expect(migrate(db.sql)).rejects.toThrow(/newer version/);
		});

		it('leaves the schema as it was when a migration fails', async () => {
			const broken: Migration[] = [
				...migrations,
				{ id: migrations.length + 1, name: 'broken', sql: 'CREATE TABLE half (id int); SELECT no_such_function();' }
			];
			await expect(migrate(db.sql, broken)).rejects.toThrow();
			const tables = await db.sql.query(
				`SELECT 1 FROM information_schema.tables WHERE table_schema = $1`,
				[db.storage.schema]
			);
			expect(tables).toHaveLength(0);
			expect(await migrate(db.sql)).toHaveLength(migrations.length);
		});

		it('is safe when several instances start at once', async () => {
			const connections = await Promise.all([db.storage.connect(), db.storage.connect(), db.storage.connect()]);
			const results = await Promise.all(connections.map((sql) => migrate(sql)));
			expect(results.flat().sort()).toEqual(migrations.map((m) => m.id));
			const rows = await db.sql.query<{ id: number }>('SELECT id FROM schema_migrations ORDER BY id');
			expect(rows.map((r) => r.id)).toEqual(migrations.map((m) => m.id));
		});

		it('rejects a list that is not numbered 1, 2, 3, …', async () => {
			await expect(migrate(db.sql, [{ id: 2, name: 'x', sql: 'SELECT 1' }])).rejects.toThrow(/numbered/);
		});
	},
	{ migrate: false }
);

describe('PGlite data folder', () => {
	it('is created when missing, keeps data across a restart and is locked while open', async () => {
		const root = mkdtempSync(join(tmpdir(), 'feltinnsikt-db-test-'));
		try {
			const dir = join(root, 'nested', 'data');
			let started = performance.now();
			const first = await openStorage({ DATA_DIR: dir });
			const createMs = performance.now() - started;
			expect(first.engine).toBe('pglite');
			expect(existsSync(join(dir, 'db'))).toBe(true);
			await first.query(`INSERT INTO users (id, email, display_name, password_hash, created_at, sessions_valid_after)
				VALUES ('u1', 'a@example.no', 'A', 'h', now(), now())`);
			await first.query(`INSERT INTO projects (id, name, created_by, created_at) VALUES ('p1', 'Ungt utenforskap', 'u1', now())`);
			await expect(openPglite({ dataDir: join(dir, 'db') })).rejects.toThrow(/in use by process/);
			await first.close();

			started = performance.now();
			const second = await openStorage({ DATA_DIR: dir });
			const reopenMs = performance.now() - started;
			const rows = await second.query<{ name: string }>('SELECT name FROM projects');
			expect(rows).toEqual([{ name: 'Ungt utenforskap' }]);
			await second.close();
			console.log(JSON.stringify({ pgliteCreateAndMigrateMs: Math.round(createMs), pgliteReopenMs: Math.round(reopenMs) }));
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	}, 60_000);
});
