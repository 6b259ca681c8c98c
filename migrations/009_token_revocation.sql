-- Token revocation. Every token carries the account's token version as of its signing
-- (claim `tv`; a token without one was signed at version 0). A password change or an
-- account deletion bumps the version, so every token signed before it is refused while the
-- fresh token answered with the change (signed with the new version) works. A counter, not
-- a time: JWT `iat` has whole-second resolution, so a token signed in the same second as
-- the change could not be told apart from the fresh one by time.
alter table users add column token_version integer not null default 0;
-- When the tokens were last revoked (for people reading the table; checks use the version).
alter table users add column tokens_revoked_at timestamptz;
