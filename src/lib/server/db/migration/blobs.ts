import type { Migration } from '../migrations';

/**
 * attachments: per-project ownership, verified chunks, quotas.
 *
 * `blobs` + `blob_chunks` become verified content only (stored once per hash), and
 * `blob_projects` the projects that may read it. A project's upload in progress lives
 * apart, in `blob_uploads` + `blob_upload_chunks`: knowing a hash gives nothing; a
 * project reads a blob only after its own upload hashed to it.
 */
export const blobsMigration: Migration = {
	id: 4,
	name: 'attachments: per-project ownership, verified chunks, quotas',
	sql: /* sql */ `
CREATE TABLE blob_uploads (
	project_id text NOT NULL,
	sha256 text NOT NULL,
	size bigint NOT NULL,
	-- The declared type, already checked against the allowed list.
	mime text NOT NULL,
	received bigint NOT NULL DEFAULT 0,
	updated_at timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (project_id, sha256)
);
CREATE TABLE blob_upload_chunks (
	project_id text NOT NULL,
	sha256 text NOT NULL,
	offset_bytes bigint NOT NULL,
	data bytea NOT NULL,
	PRIMARY KEY (project_id, sha256, offset_bytes),
	FOREIGN KEY (project_id, sha256) REFERENCES blob_uploads (project_id, sha256) ON DELETE CASCADE
);

-- The type the bytes were found to be when verified; null for content stored before
-- types were checked (sniffed when served).
ALTER TABLE blobs ADD COLUMN sniffed text;

-- Half-done uploads were shared by every project that had begun them; they cannot be
-- told apart by project. Devices begin them again from 0 (they mark a blob uploaded only
-- once complete). Complete blobs and the projects that read them stay as they were.
DELETE FROM blobs WHERE NOT complete;

-- Quota: the bytes a project holds.
CREATE INDEX blob_projects_project ON blob_projects (project_id);
`
};
