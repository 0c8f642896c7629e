-- Who may use the dashboard and the API: users, their sessions and script
-- tokens, sign-in attempts (for rate limiting across restarts) and the audit log.

CREATE TABLE users (
  username      text PRIMARY KEY CHECK (username ~ '^[A-Za-z0-9._@-]{1,64}$'),
  role          text NOT NULL CHECK (role IN ('leader', 'supervisor', 'funder')),
  -- a supervisor's own staff id; not a foreign key because staff is replaced by imports
  staff_id      text,
  -- scrypt$N$r$p$salt$hash (base64), per-user salt
  password_hash text NOT NULL,
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK (role <> 'supervisor' OR staff_id IS NOT NULL)
);

CREATE TABLE sessions (
  -- sha-256 of the cookie value: a copy of this table does not sign anyone in
  id_hash      text PRIMARY KEY,
  username     text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX sessions_username_idx ON sessions (username);
CREATE INDEX sessions_last_seen_idx ON sessions (last_seen_at);

CREATE TABLE api_tokens (
  id           serial PRIMARY KEY,
  username     text NOT NULL REFERENCES users (username) ON DELETE CASCADE,
  -- sha-256 of the token; the token itself is printed once and never stored
  token_hash   text NOT NULL UNIQUE,
  label        text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz
);
CREATE INDEX api_tokens_username_idx ON api_tokens (username);

CREATE TABLE sign_in_attempts (
  id        bigserial PRIMARY KEY,
  at        timestamptz NOT NULL DEFAULT now(),
  username  text NOT NULL,
  address   text NOT NULL,
  succeeded boolean NOT NULL
);
CREATE INDEX sign_in_attempts_username_idx ON sign_in_attempts (username, at);
CREATE INDEX sign_in_attempts_address_idx ON sign_in_attempts (address, at);

CREATE TABLE audit_log (
  id       bigserial PRIMARY KEY,
  at       timestamptz NOT NULL DEFAULT now(),
  username text,
  role     text,
  -- sign_in | sign_in_failed | sign_out | import | csv_export | token_created | user_saved | user_removed
  action   text NOT NULL,
  detail   jsonb NOT NULL DEFAULT '{}'::jsonb,
  address  text
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_username_idx ON audit_log (username, at);
