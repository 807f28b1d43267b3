/**
 * The server's half of sync: every accepted change in one log with a strictly
 * increasing sequence, the winning value of every field, and attachment blobs.
 * Note updates (Yjs) share the log, so one cursor covers everything.
 */
export const syncMigration = {
	id: 2,
	name: 'sync change log, field state, blobs',
	sql: `
create table changes (
	seq bigserial primary key,
	op_id text not null unique,
	project_id text not null,
	tbl text not null,
	row_id text not null,
	field text not null,
	value jsonb,
	hlc text not null,
	user_id text not null,
	received_at timestamptz not null default now()
);
create index changes_by_project on changes (project_id, seq);

create table field_state (
	project_id text not null,
	tbl text not null,
	row_id text not null,
	field text not null,
	value jsonb,
	hlc text not null,
	seq bigint not null,
	primary key (project_id, tbl, row_id, field)
);

create table blobs (
	sha256 text primary key,
	size bigint not null,
	mime text not null,
	received bigint not null default 0,
	complete boolean not null default false,
	created_at timestamptz not null default now()
);
create table blob_chunks (
	sha256 text not null references blobs (sha256) on delete cascade,
	offset_bytes bigint not null,
	data bytea not null,
	primary key (sha256, offset_bytes)
);
create table blob_projects (
	sha256 text not null references blobs (sha256) on delete cascade,
	project_id text not null,
	primary key (sha256, project_id)
);
`
};
