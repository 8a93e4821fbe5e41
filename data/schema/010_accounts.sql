-- API tokens for scripts and partners, one account each. Only the SHA-256
-- of a token is kept; the token itself is shown once when it is made.
CREATE TABLE api_token (
  token_hash TEXT PRIMARY KEY,
  user_id INTEGER NOT NULL REFERENCES "user"(id) ON DELETE CASCADE,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE INDEX api_token_user ON api_token(user_id);
