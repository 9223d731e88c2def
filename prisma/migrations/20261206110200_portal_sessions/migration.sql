-- Issue #20: embeddable portal. A portal session is a short-lived console credential of one
-- organization; only the SHA-256 of its token is kept. The organization lists the origins that
-- may frame the console (Content-Security-Policy: frame-ancestors).

ALTER TABLE "organizations" ADD COLUMN "frame_ancestors" TEXT[] NOT NULL DEFAULT '{}',
    ADD CONSTRAINT "organizations_frame_ancestors_check" CHECK (cardinality("frame_ancestors") <= 20);

CREATE TABLE "portal_sessions" (
    "id" TEXT COLLATE "C" NOT NULL,
    "organization_id" TEXT COLLATE "C" NOT NULL,
    "token_hash" BYTEA NOT NULL,
    "read_only" BOOLEAN NOT NULL,
    "expires_at" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "portal_sessions_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "portal_sessions_token_hash_check" CHECK (octet_length("token_hash") = 32)
);

CREATE UNIQUE INDEX "portal_sessions_token_hash_key" ON "portal_sessions"("token_hash");
-- Creating a session deletes its organization's expired ones through this index; it also
-- serves the foreign key's cascade when an organization is deleted.
CREATE INDEX "portal_sessions_organization_id_expires_at_idx" ON "portal_sessions"("organization_id", "expires_at");

ALTER TABLE "portal_sessions" ADD CONSTRAINT "portal_sessions_organization_id_fkey"
    FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;
